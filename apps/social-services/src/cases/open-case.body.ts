import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CaseOpenedV2, ID } from '@inclusion/contracts';

export class OpenCaseBody extends CaseOpenedV2 {
  @ApiProperty({ example: 'case-0001' })
  @Matches(ID, { message: 'caseId must be an id: letters, digits, _ . : -' })
  caseId: string;
}
