import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, ErrorBody, forbidden, localeOf, text } from '../plugins/errors.ts';
import { formatCertificateCode, parseCertificateCode } from './code.ts';
import { certificateCredential, issuerProfile, STATUS_LIST_SIZE, statusListCredential, statusListUrl } from './credential.ts';
import { certificatePdf } from './pdf.ts';
import { CodeParam, IssuerDocument, LangQuery, MyCertificates, RevokeBody, StatusListParam, Verification, VerificationNotFound, VerifyFormQuery } from './schemas.ts';
import { canReadCertificate, certificateNotFound, findByCode, myCertificates, revokeCertificate, revokedPositions, statusListCount } from './service.ts';
import { checkSigningKey, loadSigner, type CertificateSigner } from './signing.ts';
import { verifyPage, verifyProblemPage } from './verify-page.ts';
import { ownView, verification } from './view.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 503: ErrorBody };
const Binary = { description: 'The file', type: 'string', format: 'binary' } as const;
const Json = { description: 'A JSON-LD document', type: 'object', additionalProperties: true } as const;
const Html = { description: 'An HTML page', type: 'string' } as const;
// The verification page needs no script, and nothing on it may be framed or load anything.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app;
  const publicUrl = config.PUBLIC_URL.replace(/\/+$/, '');
  checkSigningKey(config.CERTIFICATE_SIGNING_KEY);

  let signer: Promise<CertificateSigner> | null = null;
  const getSigner = () =>
    (signer ??= loadSigner(db, config.CERTIFICATE_SIGNING_KEY).catch((err: unknown) => {
      signer = null;
      throw err;
    }));

  // Signing a status list costs a canonicalisation: keep the last one per list until a bit changes.
  const statusLists = new Map<number, { revoked: string; body: string }>();

  app.get(
    '/api/me/certificates',
    { schema: { tags: ['certificates'], summary: 'My certificates, newest first, with download and verification links', response: { 200: MyCertificates, ...errors } } },
    async (request) => ({ items: (await myCertificates(db, request.user!.id)).map((c) => ownView(c, publicUrl)) }),
  );

  app.get(
    '/api/certificates/:code/pdf',
    {
      schema: {
        tags: ['certificates'],
        summary: 'The certificate as a PDF (A4 landscape) with its verification code and QR code',
        description: 'For the holder and for admins whose offices include the holder’s; 403 for anyone else.',
        params: CodeParam,
        produces: ['application/pdf'],
        response: { 200: Binary, ...errors },
      },
    },
    async (request, reply) => {
      const cert = await findByCode(db, request.params.code);
      if (!(await canReadCertificate(db, request.user!, cert))) throw forbidden();
      const pdf = await certificatePdf(cert, publicUrl);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="sertifikat-${formatCertificateCode(cert.code)}.pdf"`)
        .header('cache-control', 'private, no-cache')
        .send(pdf);
    },
  );

  app.get(
    '/api/certificates/:code/credential',
    {
      schema: {
        tags: ['certificates'],
        summary: 'The certificate as a signed Open Badges 3.0 credential (JSON download)',
        description:
          'An OpenBadgeCredential (W3C VC Data Model 2.0) issued by the city’s did:key, with an eddsa-rdfc-2022 Data Integrity proof and a BitstringStatusListEntry for revocation. For the holder and admins in scope.',
        params: CodeParam,
        response: { 200: Json, ...errors },
      },
    },
    async (request, reply) => {
      const cert = await findByCode(db, request.params.code);
      if (!(await canReadCertificate(db, request.user!, cert))) throw forbidden();
      const key = await getSigner();
      // Created at issue: the same certificate downloads as the same bytes every time.
      const signed = await key.sign(certificateCredential(cert, key, publicUrl), cert.issued_at);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="sertifikat-${formatCertificateCode(cert.code)}.json"`)
        .header('cache-control', 'private, no-cache')
        .send(JSON.stringify(signed, null, 2));
    },
  );

  app.get(
    '/api/certificates/:code/verify',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['certificates'],
        summary: 'Is this certificate valid? (public)',
        description: 'No sign-in. Shows only what the certificate itself shows, with the NIP partly hidden. 400 invalid_certificate_code for a mistyped code (its check character does not match), 404 for an unknown one.',
        params: CodeParam,
        response: { 200: Verification, 400: ErrorBody, 404: VerificationNotFound, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      try {
        return verification(await findByCode(db, request.params.code));
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'certificate_not_found')) throw err;
        return reply.code(404).send({
          error: { code: err.code, message: err.text[localeOf(request)] },
          code: formatCertificateCode(parseCertificateCode(request.params.code)!),
          valid: false as const,
          status: 'not_found' as const,
        });
      }
    },
  );

  app.post(
    '/api/certificates/:code/revoke',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['certificates'],
        summary: 'Revoke a certificate (admin; for good)',
        description: 'The verification page and API then say revoked, and the certificate’s bit in the revocation status list is set. 409 already_revoked.',
        params: CodeParam,
        body: RevokeBody,
        response: { 200: Verification, ...errors, 409: ErrorBody },
      },
    },
    async (request) => {
      const cert = await db.transaction().execute((trx) => revokeCertificate(trx, request.user!, request.params.code, request.body.reason));
      return verification(cert);
    },
  );

  app.get(
    '/api/certificates/status/:list',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['certificates'],
        summary: 'A revocation status list (public, signed BitstringStatusListCredential)',
        params: StatusListParam,
        response: { 200: Json, 404: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      const { list } = request.params;
      if (list > (await statusListCount(db, STATUS_LIST_SIZE))) throw new AppError(404, 'not_found', text('Daftar status ini tidak ada.', 'There is no such status list.'));
      const revoked = (await revokedPositions(db, list, STATUS_LIST_SIZE)).join(',');
      let cached = statusLists.get(list);
      if (cached?.revoked !== revoked) {
        const key = await getSigner();
        const now = new Date();
        const unsigned = await statusListCredential(list, revoked ? revoked.split(',').map(Number) : [], key, publicUrl, now);
        cached = { revoked, body: JSON.stringify(await key.sign(unsigned, now)) };
        statusLists.set(list, cached);
      }
      return reply.type('application/json; charset=utf-8').header('cache-control', 'public, max-age=60').send(cached.body);
    },
  );

  app.get(
    '/api/certificates/issuer',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['certificates'],
        summary: 'The city as certificate issuer: its did:key and public key (public)',
        description: 'Every credential Sinau issues names this id as issuer; a credential from another key was not issued by Sinau.',
        response: { 200: IssuerDocument, 503: ErrorBody },
      },
    },
    async () => {
      const key = await getSigner();
      const lists = await statusListCount(db, STATUS_LIST_SIZE);
      return {
        ...issuerProfile(key, publicUrl),
        verificationMethod: [{ id: key.verificationMethod, type: 'Multikey' as const, controller: key.did, publicKeyMultibase: key.publicKeyMultibase }],
        assertionMethod: [key.verificationMethod],
        statusLists: Array.from({ length: lists }, (_, i) => statusListUrl(publicUrl, i + 1)),
      };
    },
  );

  // The public page the QR code opens. Outside /api: server-rendered, no sign-in, no script.
  app.get(
    '/verify/:code',
    { schema: { tags: ['certificates'], summary: 'Verification page (public HTML)', params: CodeParam, querystring: LangQuery, produces: ['text/html'], response: { 200: Html, 400: Html, 404: Html } } },
    async (request, reply) => {
      const lang = request.query.lang ?? 'id';
      reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8');
      const code = parseCertificateCode(request.params.code);
      if (!code) return reply.code(400).send(verifyProblemPage(lang, 'invalid', request.params.code));
      try {
        return reply.send(verifyPage(lang, verification(await findByCode(db, code))));
      } catch (err) {
        if (err instanceof AppError && err.code === certificateNotFound().code) return reply.code(404).send(verifyProblemPage(lang, 'not_found', request.params.code));
        throw err;
      }
    },
  );

  app.get(
    '/verify',
    { schema: { tags: ['certificates'], summary: 'Verification form (public HTML); ?code= goes to the code’s page', querystring: VerifyFormQuery, produces: ['text/html'], response: { 200: Html } } },
    async (request, reply) => {
      const { code, lang } = request.query;
      if (code?.trim()) {
        const canonical = parseCertificateCode(code);
        const target = canonical ? formatCertificateCode(canonical) : encodeURIComponent(code.trim());
        return reply.redirect(`/verify/${target}${lang === 'en' ? '?lang=en' : ''}`, 303);
      }
      return reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(verifyProblemPage(lang ?? 'id', 'form', ''));
    },
  );
};

export default routes;
