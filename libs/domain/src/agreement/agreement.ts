import { CompanySignatureBody } from '@inclusion/contracts';
import { CaseView } from '../case/case-view';
import { CommandMeta, DomainEvent, event } from '../shared/decider';
import { forbidden, notFound, rule } from '../shared/domain-error';

/**
 * The insertion agreement (protocol with insertion companies, seeds/001: social services design,
 * draw up and sign it "junto con la empresa"). Each party signs in its own log: social services
 * for themselves and the person's signature with its evidence (case/case.decide.ts, stream
 * case-<caseId>), the company here, at its own service (stream agreement-signatures-<caseId>@<service>).
 * The agreement is complete when all three signatures are known (case-view.ts, counted by
 * access-policy.ts agreementSignatureCounts); a placement needs it complete (placement/placement.ts).
 */
export type AgreementSignatureCommand = { type: 'SignAgreementAsCompany'; data: CompanySignatureBody };

/** The company signs an agreement social services drew up naming it, as it received it. */
export function decideCompanySignature(command: AgreementSignatureCommand, caseView: CaseView, meta: CommandMeta): DomainEvent[] {
  switch (command.type) {
    case 'SignAgreementAsCompany': {
      const { agreementId, signedBy, signedOn } = command.data;
      if (caseView.status === 'unknown') throw notFound('CASE.NOT_FOUND', 'the case is not known to this company (no event of it was received)');
      if (caseView.status === 'closed') throw rule('CASE.CLOSED', `the case was closed on ${caseView.closedOn}`);
      const agreement = caseView.agreements[agreementId];
      if (!agreement) throw notFound('AGREEMENT.NOT_FOUND', `social services have drawn up no agreement ${agreementId} on this case (or it has not reached this service yet)`);
      if (agreement.companyInstitution !== meta.institutionId) {
        throw forbidden('AGREEMENT.NOT_PARTY', `agreement ${agreementId} is with ${agreement.companyInstitution}, not ${meta.institutionId}: only that company signs it`);
      }
      if (agreement.signedBy.includes('company')) throw rule('AGREEMENT.ALREADY_SIGNED', `${meta.institutionId} already signed agreement ${agreementId}`);
      return [event('agreement.signed', { agreementId, companyInstitution: meta.institutionId, party: 'company', signedBy, signedOn })];
    }
  }
}
