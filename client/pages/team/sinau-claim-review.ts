import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { reviewClaim, type Claim } from '../../api/competencies.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { formStyles, pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../competencies/sinau-claim-summary.ts';

/**
 * A pending prior-learning claim with its proof, and the reviewer's decision: accept (with the
 * JP to recognise, at most as claimed) or reject (a reason is required; the claimant reads it).
 * Fires `sinau-claim-reviewed` (detail: the reviewed claim).
 */
@customElement('sinau-claim-review')
export class SinauClaimReview extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    css`
      .decision {
        margin-top: var(--sinau-space-3);
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
        gap: 0 var(--sinau-space-4);
      }
      textarea {
        font-family: inherit;
        font-size: 1rem;
        min-height: 4rem;
      }
    `,
  ];

  /** The claim to review. */
  @property({ attribute: false }) claim: Claim | null = null;
  /** Names of competencies by code. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  @state() private jp = '';
  @state() private reason = '';
  @state() private reasonError = false;
  @state() private jpError = false;
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('claim') && this.claim) this.jp = String(this.claim.jp);
  }

  private async decide(decision: 'accept' | 'reject'): Promise<void> {
    const claim = this.claim;
    if (!claim || this.busy) return;
    const reason = this.reason.trim();
    this.reasonError = decision === 'reject' && !reason;
    const jp = Number(this.jp);
    this.jpError = decision === 'accept' && (this.jp.trim() === '' || !Number.isFinite(jp) || jp < 0 || jp > claim.jp);
    if (this.reasonError || this.jpError) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(this.reasonError ? `#reason-${claim.id}` : `#jp-${claim.id}`)?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const reviewed = await reviewClaim(claim.id, decision === 'accept' ? { decision, jp, ...(reason ? { reason } : {}) } : { decision, reason });
      announce(t(decision === 'accept' ? 'team.member.accepted' : 'team.member.rejected', { title: claim.title }));
      this.dispatchEvent(new CustomEvent<Claim>('sinau-claim-reviewed', { detail: reviewed, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const c = this.claim;
    if (!c) return null;
    return html`<sinau-claim-summary .claim=${c} .names=${this.names}>
      <div class="decision">
        <div class="field">
          <label for=${`jp-${c.id}`}>${t('team.member.acceptJp')}</label>
          <input
            id=${`jp-${c.id}`}
            type="number"
            inputmode="decimal"
            min="0"
            max=${String(c.jp)}
            step="0.5"
            .value=${this.jp}
            aria-invalid=${this.jpError ? 'true' : 'false'}
            aria-describedby=${`jp-${c.id}-hint`}
            @input=${(e: Event) => ((this.jp = (e.target as HTMLInputElement).value), (this.jpError = false))}
          />
          <p class=${this.jpError ? 'field-error' : 'hint'} id=${`jp-${c.id}-hint`}>${t('team.member.acceptJpHint', { jp: c.jp })}</p>
        </div>
        <div class="field">
          <label for=${`reason-${c.id}`}>${t('team.member.reason')}</label>
          <textarea
            id=${`reason-${c.id}`}
            maxlength="2000"
            .value=${this.reason}
            aria-invalid=${this.reasonError ? 'true' : 'false'}
            aria-describedby=${`reason-${c.id}-hint`}
            @input=${(e: Event) => ((this.reason = (e.target as HTMLTextAreaElement).value), (this.reasonError = false))}
          ></textarea>
          <p class=${this.reasonError ? 'field-error' : 'hint'} id=${`reason-${c.id}-hint`}>
            ${this.reasonError ? t('team.member.reasonRequired') : t('team.member.reasonHint')}
          </p>
        </div>
      </div>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="actions">
        <button type="button" ?disabled=${this.busy} @click=${() => void this.decide('accept')} data-testid="claim-accept">
          ${t('team.member.accept')}<span class="visually-hidden">: ${c.title}</span>
        </button>
        <button type="button" class="danger" ?disabled=${this.busy} @click=${() => void this.decide('reject')} data-testid="claim-reject">
          ${t('team.member.reject')}<span class="visually-hidden">: ${c.title}</span>
        </button>
      </div>
    </sinau-claim-summary>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-claim-review': SinauClaimReview;
  }
  interface HTMLElementEventMap {
    'sinau-claim-reviewed': CustomEvent<Claim>;
  }
}
