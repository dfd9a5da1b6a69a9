import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AsyncApiDocument, buildAsyncApiDocument, EVENT_CATALOGUE, renderAsyncApiYaml } from '@inclusion/contracts';
import { Public } from '@inclusion/access';

const ABOUT =
  "The AsyncAPI 3.0.0 document of the network's Kafka topics (generated from libs/contracts, as docs/asyncapi.yaml): topics, keys, headers and the payload schema of every event type and version. Public, like /docs: it describes the contract, never data.";

/**
 * The contract of the Kafka topics, for systems that follow them with a plain Kafka client:
 * the regional delegation oversees the network, so it publishes the network's event contract.
 */
@ApiTags('asyncapi')
@Public()
@Controller()
export class AsyncApiController {
  private readonly document: AsyncApiDocument = buildAsyncApiDocument(EVENT_CATALOGUE);
  private readonly yaml = renderAsyncApiYaml(this.document);

  @Get('asyncapi.json')
  @ApiOperation({ summary: 'AsyncAPI document of the Kafka topics (JSON)', description: ABOUT })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The AsyncAPI 3.0.0 document', schema: { type: 'object', required: ['asyncapi', 'info', 'channels'], properties: { asyncapi: { type: 'string', example: '3.0.0' } } } })
  asJson(): AsyncApiDocument {
    return this.document;
  }

  @Get('asyncapi.yaml')
  @Header('content-type', 'application/yaml; charset=utf-8')
  @ApiOperation({ summary: 'AsyncAPI document of the Kafka topics (YAML)', description: ABOUT })
  @ApiProduces('application/yaml')
  @ApiOkResponse({ description: 'The AsyncAPI 3.0.0 document, as docs/asyncapi.yaml', schema: { type: 'string' } })
  asYaml(): string {
    return this.yaml;
  }
}
