import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Submission } from '../../api/programmes.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { formatBytes } from './programme-format.ts';
import { programmeStyles } from './programme-styles.ts';

/** One practice submission: its state, files, reflection, and the reviewer's rubric and comment. */
@customElement('sinau-submission-view')
export class SinauSubmissionView extends LitElement {
  static override styles = programmeStyles;

  /** The submission to show. */
  @property({ attribute: false }) submission: Submission | null = null;
  /** Heading level of its title (2 or 3), to fit the page's outline. */
  @property({ type: Number }) level = 3;
  /** Hide the reflection and files (the review page shows them itself). */
  @property({ type: Boolean, attribute: 'review-only' }) reviewOnly = false;

  private readonly locale = new LocaleController(this);

  private renderReview(s: Submission) {
    const r = s.review;
    if (!r) return html`<p class="muted">${t('programmes.submission.waiting')}</p>`;
    return html`<div data-testid="submission-review">
      <p>
        <strong>${t(`programmes.decision.${r.decision}`)}</strong> ·
        ${t('programmes.submission.reviewedBy', { name: r.reviewer.name, date: formatDate(r.reviewedAt) })}
      </p>
      <div class="table-scroll" role="region" aria-label=${t('programmes.rubric.heading')} tabindex="0">
        <table class="cards" role="table">
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">${t('programmes.rubric.criterion')}</th>
              <th role="columnheader" scope="col">${t('programmes.rubric.result')}</th>
              <th role="columnheader" scope="col">${t('programmes.rubric.comment')}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${r.rubric.map(
              (row) => html`<tr role="row">
                <td role="cell" data-label=${t('programmes.rubric.criterion')}>${row.criterion}</td>
                <td role="cell" data-label=${t('programmes.rubric.result')}>
                  <span class=${row.met ? 'badge s-completed' : 'badge s-revise'}>${row.met ? t('programmes.rubric.met') : t('programmes.rubric.notMet')}</span>
                </td>
                <td role="cell" data-label=${t('programmes.rubric.comment')}>${row.comment || '—'}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${r.comment ? html`<p><strong>${t('programmes.review.overall')}:</strong> <span class="prose">${r.comment}</span></p>` : nothing}
    </div>`;
  }

  override render() {
    const s = this.submission;
    if (!s) return nothing;
    const title = t('programmes.submission.title', { date: formatDate(s.submittedAt) });
    return html`<article class="card" data-testid="submission" data-status=${s.status}>
      ${this.level === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
      <p class="meta"><span class="badge s-${s.status}" data-testid="submission-status">${t(`programmes.submissionStatus.${s.status}`)}</span></p>
      ${this.reviewOnly
        ? nothing
        : html`<p class="prose">${s.reflection}</p>
            <ul class="plain" aria-label=${t('programmes.submission.files')}>
              ${s.files.map((f) => html`<li><a href=${f.url} target="_blank" rel="noopener">${f.name}</a> <span class="muted">(${formatBytes(f.size)})</span></li>`)}
            </ul>`}
      ${this.renderReview(s)}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-submission-view': SinauSubmissionView;
  }
}
