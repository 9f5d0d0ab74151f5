import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { myCertificates, type MyCertificate } from '../../api/certificates.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatList, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { courseFormatStyles, jpText } from '../courses/course-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

/** My certificates: each with its PDF, its Open Badges credential and its public verification page. */
@customElement('sinau-certificates-page')
export class SinauCertificatesPage extends LitElement {
  static override styles = [
    pageStyles,
    courseFormatStyles,
    css`
      .intro {
        max-width: 48rem;
      }
      ul.list {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--sinau-space-3);
      }
      li.item {
        background: var(--sinau-color-surface);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        padding: var(--sinau-space-3) var(--sinau-space-4);
        box-shadow: var(--sinau-shadow);
      }
      li.item.revoked {
        border-left: 0.35rem solid var(--sinau-color-danger);
        background: var(--sinau-color-danger-bg);
      }
      .item h2 {
        margin: 0 0 var(--sinau-space-1);
        font-size: 1.1rem;
        overflow-wrap: anywhere;
      }
      .item p {
        margin: 0 0 var(--sinau-space-1);
      }
      .code {
        font-family: ui-monospace, Menlo, Consolas, monospace;
        letter-spacing: 0.04em;
      }
      .muted {
        color: var(--sinau-color-muted);
      }
      .revoked-note {
        color: var(--sinau-color-danger);
        font-weight: 700;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2);
        margin-top: var(--sinau-space-2);
      }
    `,
  ];

  private readonly locale = new LocaleController(this);
  private readonly certificates = new LoadController<MyCertificate[]>(this, (signal) => myCertificates(signal));

  private renderItem(c: MyCertificate) {
    const title = c.activity.path ? html`<a href=${c.activity.path}>${c.activity.title}</a>` : c.activity.title;
    const hidden = html`<span class="visually-hidden">: ${c.activity.title}</span>`;
    return html`<li class=${c.revokedAt ? 'item revoked' : 'item'} data-testid="certificate">
      <h2>${title}</h2>
      <p>${t('certificates.issuedLine', { date: formatDate(c.issuedAt), jp: jpText(c.jp) })}</p>
      <p>${t('certificates.code')}: <span class="code">${c.code}</span></p>
      ${c.competencies.length
        ? html`<p class="muted">
            ${t('certificates.competencies')}:
            ${formatList(
              c.competencies.map((k) =>
                k.name === k.code ? t('certificates.competencyCode', { code: k.code, level: k.level }) : t('certificates.competency', { code: k.code, name: k.name, level: k.level }),
              ),
            )}
          </p>`
        : null}
      ${c.revokedAt
        ? html`<p class="revoked-note">
            ${c.revokeReason ? t('certificates.revokedBecause', { date: formatDate(c.revokedAt), reason: c.revokeReason }) : t('certificates.revoked', { date: formatDate(c.revokedAt) })}
          </p>`
        : null}
      <div class="actions">
        <a class="button" href=${c.pdfUrl} download>${t('certificates.downloadPdf')}${hidden}</a>
        <a class="button secondary" href=${c.credentialUrl} download>${t('certificates.downloadCredential')}${hidden}</a>
        <a class="button secondary" href=${c.verifyUrl} target="_blank" rel="noopener">${t('certificates.verify')}${hidden}</a>
      </div>
    </li>`;
  }

  private renderContent(items: MyCertificate[]) {
    if (items.length === 0) {
      return html`<p>${t('certificates.none')}</p>
        <a class="button" href="/courses">${t('certificates.toCatalogue')}</a>`;
    }
    return html`<p class="muted">${t('certificates.count', { count: items.length })}</p>
      <ul class="list">
        ${items.map((c) => this.renderItem(c))}
      </ul>`;
  }

  override render() {
    return html`<div class="page-header">
        <h1>${t('certificates.title')}</h1>
      </div>
      <p class="intro">${t('certificates.intro')}</p>
      ${this.certificates.error
        ? html`<sinau-alert variant="error">${describeError(this.certificates.error)}</sinau-alert>`
        : this.certificates.value
          ? this.renderContent(this.certificates.value)
          : html`<sinau-loading></sinau-loading>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-certificates-page': SinauCertificatesPage;
  }
}
