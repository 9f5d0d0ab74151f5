import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { myQuizzes, type AssignedQuiz } from '../../api/quizzes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { homeSectionStyles } from '../home/home-styles.ts';

/**
 * "Competency tests for you" on the home page: the tests assigned to my office or position,
 * where I am with each, and the way in. Shows nothing when there are none (or they cannot be
 * loaded: the rest of the home page matters more).
 */
@customElement('sinau-assigned-quizzes')
export class SinauAssignedQuizzes extends LitElement {
  static override styles = [
    homeSectionStyles,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--sinau-space-2) var(--sinau-space-4);
        padding: var(--sinau-space-3) 0;
      }
      li + li {
        border-top: 1px solid var(--sinau-color-border);
      }
      .what {
        min-width: 0;
      }
      h3 {
        margin: 0 0 var(--sinau-space-1);
        font-size: 1.05rem;
        overflow-wrap: anywhere;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-1) var(--sinau-space-3);
        margin: 0;
        font-size: 0.9rem;
        color: var(--sinau-color-muted);
      }
    `,
  ];

  private readonly locale = new LocaleController(this);
  private readonly quizzes = new LoadController<AssignedQuiz[]>(this, (signal) => myQuizzes(signal));

  private renderItem(quiz: AssignedQuiz) {
    const href = `/quizzes/${quiz.id}`;
    const action = quiz.state === 'in_progress' ? t('home.quizzes.continue') : quiz.state === 'submitted' ? t('home.quizzes.result') : t('home.quizzes.take');
    const titleId = `quiz-${quiz.id}`;
    return html`<li data-testid="assigned-quiz">
      <div class="what">
        <h3 id=${titleId}><a href=${href}>${quiz.title}</a></h3>
        <p class="facts">
          <span class=${quiz.state === 'submitted' ? 'badge create' : quiz.state === 'in_progress' ? 'badge update' : 'badge'}>${t(`quiz.states.${quiz.state}`)}</span>
          ${quiz.timeLimitMinutes ? html`<span>${t('quiz.minutes', { count: quiz.timeLimitMinutes })}</span>` : null}
          ${quiz.dueAt ? html`<span>${t('quiz.dueOn', { date: formatDate(quiz.dueAt) })}</span>` : null}
        </p>
      </div>
      <a class=${quiz.state === 'submitted' ? 'button secondary' : 'button'} href=${href} aria-describedby=${titleId}>${action}</a>
    </li>`;
  }

  // An empty section would still take its place (and a gap) in the home page's grid.
  protected override willUpdate(): void {
    this.hidden = !this.quizzes.value?.length;
  }

  override render() {
    const items = this.quizzes.value;
    if (!items?.length) return null;
    return html`<section aria-labelledby="quizzes-heading" data-testid="assigned-quizzes">
      <h2 id="quizzes-heading">${t('home.quizzes.heading')}</h2>
      <p>${t('home.quizzes.intro')}</p>
      <ul>
        ${items.map((quiz) => this.renderItem(quiz))}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-assigned-quizzes': SinauAssignedQuizzes;
  }
}
