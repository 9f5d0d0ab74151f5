import { randomInt } from 'node:crypto';

/**
 * Verification codes: 11 random characters of Crockford's base 32 (no I, L, O, U: nothing to
 * confuse when read aloud or typed from paper) and a Luhn mod 32 check character, so a single
 * mistyped character or two swapped neighbours are caught instead of naming another
 * certificate. Shown as XXXX-XXXX-XXXX; stored without hyphens.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;
const RANDOM_LENGTH = 11;
export const CODE_LENGTH = RANDOM_LENGTH + 1;

function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

export function newCertificateCode(): string {
  let body = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) body += ALPHABET[randomInt(N)];
  return body + checkCharacter(body);
}

/**
 * The stored form of a code as someone typed it (any case, hyphens or spaces, O for 0, I or L
 * for 1), or null when it is not a well-formed code or its check character is wrong.
 */
export function parseCertificateCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH || [...code].some((c) => !ALPHABET.includes(c))) return null;
  return checkCharacter(code.slice(0, RANDOM_LENGTH)) === code[RANDOM_LENGTH] ? code : null;
}

/** XXXX-XXXX-XXXX, as printed on the certificate and used in links. */
export function formatCertificateCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}
