import { SetMetadata } from '@nestjs/common';
import { accessDeniedError } from '@inclusion/domain';

export const PUBLIC_ROUTE = 'inclusion:public';
export const OPEN_TO_ALL_KINDS = 'inclusion:open-to-all-kinds';

/** No token needed (health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Institutions of every kind may write here (tables: membership is checked by the decider). */
export const OpenToAllKinds = () => SetMetadata(OPEN_TO_ALL_KINDS, true);

/** The one answer to a request on a case (or programme, placement) the institution has no part in, or that does not exist. */
export const accessDenied = accessDeniedError;
