/** The SigningKeyProvider that gives the event store its private event-signing keys, from outside the database. */
export const SIGNING_KEY_PROVIDER = Symbol('SIGNING_KEY_PROVIDER');
