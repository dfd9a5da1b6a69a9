import { SetMetadata } from '@nestjs/common';
import { accessDeniedError } from '@inclusion/domain';

export const PUBLIC_ROUTE = 'inclusion:public';
export const OPEN_TO_ALL_KINDS = 'inclusion:open-to-all-kinds';
export const OPEN_TO_HOSTED_PARTNERS = 'inclusion:open-to-hosted-partners';

/** No token needed (health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Institutions of every kind may write here (tables: membership is checked by the decider). */
export const OpenToAllKinds = () => SetMetadata(OPEN_TO_ALL_KINDS, true);

/**
 * The partners this service hosts (a third-sector entity, a health service, a school: PARTNER_KINDS,
 * `hostedBy` in the registry) may write here too, as members like any other: tables, the steps
 * given to them, territorial plans, mandates. Never the routes of the host's own kind (cases,
 * placements, programmes...). The deciders still check membership and parts.
 */
export const OpenToHostedPartners = () => SetMetadata(OPEN_TO_HOSTED_PARTNERS, true);

/** The one answer to a request on a case (or programme, placement) the institution has no part in, or that does not exist. */
export const accessDenied = accessDeniedError;
