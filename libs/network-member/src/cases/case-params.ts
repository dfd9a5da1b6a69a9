import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID } from '@inclusion/contracts';

export class CaseParams {
  @ApiProperty({ example: 'case-0001' })
  @Matches(ID, { message: 'caseId must be an id: letters, digits, _ . : -' })
  caseId: string;
}
