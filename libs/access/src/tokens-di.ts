/** Injection token for the network registry of institutions (InstitutionRegistry). */
export const INSTITUTION_REGISTRY = Symbol('INSTITUTION_REGISTRY');
