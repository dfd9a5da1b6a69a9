import { IsISO8601, Matches } from 'class-validator';

/** Rules shared by many payloads. */
export const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$/;
export const IdRule = (field = 'id') => Matches(ID, { message: `${field} must be an id: 1-120 letters, digits, _ . : -, starting with a letter or digit` });
export const DateRule = () => IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO 8601 date, such as 2026-03-02' });

