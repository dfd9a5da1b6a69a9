import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AsyncApiDocument } from '@inclusion/contracts';

// The official JSON Schema of AsyncAPI documents (@asyncapi/specs ships it as CommonJS JSON).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const specs = require('@asyncapi/specs') as { schemas: Record<string, object> };

/** Validates a document against the official AsyncAPI 3.0.0 JSON Schema; returns ajv's errors (none = valid). */
export function asyncApiSpecErrors(document: unknown): string[] {
  // The AsyncAPI schema embeds the JSON Schema draft-07 meta-schema itself: ajv must not add its own copy.
  const ajv = new Ajv({ allErrors: true, strict: false, meta: false, validateSchema: false });
  addFormats(ajv);
  const validate = ajv.compile(specs.schemas['3.0.0']);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

const extensionKeywords = (node: unknown, found = new Set<string>()): Set<string> => {
  if (Array.isArray(node)) node.forEach((item) => extensionKeywords(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      extensionKeywords(value, found);
    }
  }
  return found;
};

/**
 * JSON Schema validators for the messages of a document, as a consumer would build them
 * from nothing but the document: strict (an unknown keyword in a schema is an error, the
 * document's `x-` extensions aside), with the standard formats.
 */
export function messageValidators(document: AsyncApiDocument) {
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  // The document's own top-level fields are not schema keywords: tell ajv so it can hold the document.
  for (const keyword of ['asyncapi', 'info', 'defaultContentType', 'servers', 'channels', 'operations', 'components', ...extensionKeywords(document)]) ajv.addKeyword(keyword);
  ajv.addSchema(document as object, 'asyncapi.json');
  const compiled = new Map<string, ValidateFunction>();
  const at = (pointer: string): ValidateFunction => {
    if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: `asyncapi.json#${pointer}` }));
    return compiled.get(pointer)!;
  };
  const check = (pointer: string, value: unknown): string[] => {
    const validate = at(pointer);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  };
  return {
    payloadErrors: (messageId: string, value: unknown) => check(`/components/messages/${messageId}/payload`, value),
    headersErrors: (messageId: string, headers: unknown) => check(`/components/messages/${messageId}/headers`, headers),
    keyErrors: (messageId: string, key: unknown) => check(`/components/messages/${messageId}/bindings/kafka/key`, key),
  };
}
