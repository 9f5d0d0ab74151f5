import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Claim } from '../../api/competencies.ts';
import { formatDate, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { claimStatusClass, claimStatusName, roundJp } from './competency-format.ts';

/**
 * One prior-learning claim: what, when, JP, the competencies claimed, the proof, and its review.
 * Actions (withdraw, accept or reject) go in as children.
 */
@customElement('sinau-claim-summary')
export class SinauClaimSummary extends LitElement {
  static override styles = [
    pageStyles,
    css`
      h3 {
        margin: 0 0 var(--sinau-space-1);
        font-size: 1.05rem;
        overflow-wrap: anywhere;
      }
      p {
        margin: 0 0 var(--sinau-space-1);
        overflow-wrap: anywhere;
      }
      .reason {
        padding: var(--sinau-space-2) var(--sinau-space-3);
        border-radius: var(--sinau-radius);
        background: var(--sinau-color-danger-bg);
      }
      .note {
        white-space: pre-line;
      }
    `,
  ];

  /** The claim, as the prior-learning endpoints return it. */
  @property({ attribute: false }) claim: Claim | null = null;
  /** Names of competencies by code, to show beside the codes. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  /** Show who claimed it (on a reviewer's list). */
  @property({ type: Boolean, attribute: 'show-person' }) showPerson = false;

  private readonly locale = new LocaleController(this);

  override render() {
    const c = this.claim;
    if (!c) return null;
    const kindKey = `competencies.prior.kinds.${c.kind}` as MessageKey;
    const kind = ['pelatihan', 'pendidikan', 'seminar', 'sertifikasi', 'lainnya'].includes(c.kind) ? t(kindKey) : c.kind;
    return html`<h3>${c.title}</h3>
      <p><span class=${claimStatusClass(c.status)} data-testid="claim-status">${claimStatusName(c.status)}</span></p>
      ${this.showPerson ? html`<p>${t('competencies.prior.claimant', { name: c.person.name })}</p>` : null}
      <p>
        ${[kind, c.provider || null, t('competencies.prior.completedLine', { date: formatDate(`${c.completedOn}T12:00:00+07:00`) }), t('competencies.prior.jpValue', { jp: roundJp(c.jp) })]
          .filter(Boolean)
          .join(' · ')}
      </p>
      ${c.competencies.length
        ? html`<p>
            ${t('competencies.prior.claimed')}:
            ${c.competencies.map((x) => t('competencies.prior.claimedItem', { code: x.code, name: this.names.get(x.code) ?? '', level: x.level }).trim()).join('; ')}
          </p>`
        : null}
      ${c.note ? html`<p class="note muted">${c.note}</p>` : null}
      ${c.proof
        ? html`<p><a href=${c.proof.url} target="_blank" rel="noopener" data-testid="claim-proof">${t('competencies.prior.proof', { name: c.proof.name })}<span class="visually-hidden"> (${t('competencies.newTab')})</span></a></p>`
        : null}
      ${c.reviewedBy && c.reviewedAt ? html`<p class="muted">${t('competencies.prior.reviewed', { name: c.reviewedBy, date: formatDate(c.reviewedAt) })}</p>` : null}
      ${c.reviewReason ? html`<p class=${c.status === 'rejected' ? 'reason' : ''}>${t('competencies.prior.reason', { reason: c.reviewReason })}</p>` : null}
      <slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-claim-summary': SinauClaimSummary;
  }
}
