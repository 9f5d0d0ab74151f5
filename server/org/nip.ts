/**
 * NIP (Nomor Induk Pegawai): 18 digits — birth date YYYYMMDD, appointment (TMT) YYYYMM,
 * sex (1 male, 2 female), sequence (3). Returns a reason when the shape is wrong, else null.
 */
export function nipProblem(nip: string): { id: string; en: string } | null {
  if (/^\d+(\.\d+)?e\+?\d+$/i.test(nip)) {
    return {
      id: 'NIP tertulis dalam notasi ilmiah (mis. 1,98E+17); simpan kolom NIP sebagai teks di spreadsheet.',
      en: 'The NIP is in scientific notation (e.g. 1.98E+17); save the NIP column as text in the spreadsheet.',
    };
  }
  if (!/^\d{18}$/.test(nip)) {
    return { id: 'NIP harus 18 digit angka.', en: 'An NIP must be 18 digits.' };
  }
  const year = Number(nip.slice(0, 4));
  const month = Number(nip.slice(4, 6));
  const day = Number(nip.slice(6, 8));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return { id: 'Tanggal lahir pada NIP (digit 1–8) tidak valid.', en: 'The birth date in the NIP (digits 1–8) is not a valid date.' };
  }
  const tmtYear = Number(nip.slice(8, 12));
  const tmtMonth = Number(nip.slice(12, 14));
  if (tmtYear < year + 15 || tmtMonth < 1 || tmtMonth > 12) {
    return {
      id: 'Tahun/bulan pengangkatan pada NIP (digit 9–14) tidak valid.',
      en: 'The appointment year/month in the NIP (digits 9–14) is not valid.',
    };
  }
  const sex = nip[14];
  if (sex !== '1' && sex !== '2') {
    return { id: 'Digit jenis kelamin pada NIP (digit 15) harus 1 atau 2.', en: 'The sex digit of the NIP (digit 15) must be 1 or 2.' };
  }
  return null;
}
