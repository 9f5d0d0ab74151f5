import { describe, expect, it } from 'vitest';
import { parseLoginName } from '../../server/auth/routes.ts';
import { nipProblem } from '../../server/org/nip.ts';

describe('nipProblem', () => {
  it('accepts a well-formed NIP', () => {
    expect(nipProblem('198503122010031001')).toBeNull();
    expect(nipProblem('199212302019022003')).toBeNull();
  });
  it.each([
    ['12345', /18 digit/],
    ['19850312201003100a', /18 digit/],
    ['198502302010031001', /lahir/], // 30 February
    ['198503122010131001', /pengangkatan/], // month 13
    ['198503121990031001', /pengangkatan/], // appointed at four
    ['198503122010033001', /jenis kelamin/],
    ['1.98503E+17', /notasi ilmiah/],
  ])('explains what is wrong with %s', (nip, reason) => {
    expect(nipProblem(nip)?.id).toMatch(reason);
  });
});

describe('parseLoginName', () => {
  it('tells NIP, e-mail and username apart', () => {
    expect(parseLoginName(' 198503122010031001 ')).toEqual({ column: 'nip', value: '198503122010031001' });
    expect(parseLoginName('198503 122010 03 1 001')).toEqual({ column: 'nip', value: '198503122010031001' });
    expect(parseLoginName('Mitra@UNS.ac.id')).toEqual({ column: 'email', value: 'mitra@uns.ac.id' });
    expect(parseLoginName('Admin')).toEqual({ column: 'username', value: 'admin' });
  });
  it('refuses digits that are not an NIP', () => {
    expect(() => parseLoginName('12345')).toThrow();
  });
});
