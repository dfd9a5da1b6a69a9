import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EncryptedField } from '@inclusion/contracts';

export const newPersonKey = (): Buffer => randomBytes(32);

/** AES-256-GCM with the person's key; the person id is authenticated data (a field cannot move to another person). */
export function encryptField(value: unknown, personId: string, key: Buffer): EncryptedField {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(personId, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { $enc: 'aes-256-gcm', person: personId, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

export function decryptField(field: EncryptedField, key: Buffer): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(field.iv, 'base64'));
  decipher.setAAD(Buffer.from(field.person, 'utf8'));
  decipher.setAuthTag(Buffer.from(field.tag, 'base64'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(field.data, 'base64')), decipher.final()]).toString('utf8'));
}
