import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { dismissSurvey, pendingSurveys, type PendingSurvey } from '../../api/evaluation.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { promptStyles } from './evaluation-styles.ts';
import '../../components/sinau-alert.ts';

/** The home page's list of reaction surveys waiting for me; nothing when there are none. */
@customElement('sinau-evaluation-prompts')
export class SinauEvaluationPrompts extends LitElement {
  static override styles = [pageStyles, promptStyles];

  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly pending = new LoadController<PendingSurvey[]>(this, (signal) => pendingSurveys(signal));

  private async onLater(item: PendingSurvey): Promise<void> {
    this.error = '';
    try {
      await dismissSurvey(item.activity.kind, item.activity.id);
      this.pending.value = this.pending.value?.filter((p) => p !== item);
      this.requestUpdate();
      announce(t('evaluation.prompt.dismissed'));
    } catch (error) {
      this.error = describeError(error);
    }
  }

  override render() {
    const items = this.pending.value;
    if (!items?.length) return null;
    return html`<section class="prompt" aria-labelledby="pending-surveys-heading" data-testid="pending-surveys">
      <h2 id="pending-surveys-heading">${t('evaluation.prompt.homeHeading')}</h2>
      <p class="muted">${t('evaluation.prompt.homeIntro')}</p>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <ul class="plain">
        ${items.map(
          (item) => html`<li>
            <h3><a href=${item.activity.path}>${item.activity.title}</a></h3>
            <p class="muted">${t('evaluation.prompt.completedOn', { date: formatDate(item.completedAt) })}</p>
            <div class="actions">
              <a class="button" href=${`/evaluations/${item.activity.kind}/${item.activity.id}/survey`} aria-label=${t('evaluation.prompt.openFor', { title: item.activity.title })}
                >${t('evaluation.prompt.open')}</a
              >
              <button type="button" class="secondary" aria-label=${t('evaluation.prompt.laterFor', { title: item.activity.title })} @click=${() => this.onLater(item)}>
                ${t('evaluation.prompt.later')}
              </button>
            </div>
          </li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-evaluation-prompts': SinauEvaluationPrompts;
  }
}
