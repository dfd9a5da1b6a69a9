/**
 * Identifying and sensitive fields travel encrypted with a key per person (see
 * docs/security.md). On the wire and in every store they look like this; only the holder of
 * the person's key (social services) reads them, and erasure destroys that key.
 */
export interface EncryptedField {
  $enc: 'aes-256-gcm';
  person: string;
  iv: string;
  tag: string;
  data: string;
}

export const isEncrypted = (value: unknown): value is EncryptedField =>
  typeof value === 'object' && value !== null && (value as EncryptedField).$enc === 'aes-256-gcm';

/** What a reader gets instead of a field it cannot decrypt. */
export const ERASED = (person: string) => ({ $erased: true as const, person });
export const PROTECTED = { $protected: true as const };
