import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { listAuthoringCourses, type AuthoringCourse, type Draft } from '../../api/courses.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { hasRole, SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { courseStateBadges } from './course-state.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-new-course-form.ts';

/** Course authoring: my courses (admins: all) with their review state, and starting a new one. */
@customElement('sinau-authoring-page')
export class SinauAuthoringPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      sinau-new-course-form {
        margin-bottom: var(--sinau-space-5);
      }
      .note {
        font-size: 0.9rem;
        margin: var(--sinau-space-1) 0 0;
        color: var(--sinau-color-warning);
      }
      .quiz-links {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-4);
        margin-bottom: var(--sinau-space-4);
      }
      td .badge + .badge {
        margin-left: var(--sinau-space-1);
      }
    `,
  ];

  @state() private creating = false;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly courses = new LoadController<AuthoringCourse[]>(this, (signal) => listAuthoringCourses(signal));

  private onCreated(event: CustomEvent<Draft>): void {
    router.navigate(`/authoring/${encodeURIComponent(event.detail.slug)}`);
  }

  private onCancel(): void {
    this.creating = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('#new-course-button')?.focus());
  }

  private renderTable(courses: AuthoringCourse[], admin: boolean) {
    if (!courses.length) return html`<p class="empty">${admin ? t('authoring.emptyAdmin') : t('authoring.empty')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="authoring-caption" tabindex="0">
      <table class="cards" role="table">
        <caption id="authoring-caption">${admin ? t('authoring.captionAdmin') : t('authoring.caption')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('editor.title')}</th>
            <th role="columnheader" scope="col">${t('common.status')}</th>
            ${admin ? html`<th role="columnheader" scope="col">${t('authoring.owner')}</th>` : null}
            <th role="columnheader" scope="col" class="num">${t('authoring.learners')}</th>
            <th role="columnheader" scope="col">${t('authoring.updated')}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${courses.map(
            (course) => html`<tr role="row">
              <td role="cell" data-label=${t('editor.title')}>
                <a href=${`/authoring/${encodeURIComponent(course.slug)}`}>${course.title}</a>
                <br /><span class="muted">/courses/${course.slug}</span>
              </td>
              <td role="cell" data-label=${t('common.status')}>
                <span>${courseStateBadges(course.status, course.draftState, course.source)}</span>
                ${course.reviewNote && course.draftState === 'editing' ? html`<p class="note">${t('authoring.returnedWithNote')}</p>` : null}
              </td>
              ${admin ? html`<td role="cell" data-label=${t('authoring.owner')}>${course.owner?.name ?? html`<span class="muted">—</span>`}</td>` : null}
              <td role="cell" data-label=${t('authoring.learners')} class="num">
                ${t('authoring.learnersCount', { enrolled: formatNumber(course.enrolled), completed: formatNumber(course.completed) })}
                <br /><a href=${`/authoring/${encodeURIComponent(course.slug)}/report`} aria-label=${t('authoring.reportLabel', { title: course.title })}>${t('authoring.report')}</a>
              </td>
              <td role="cell" data-label=${t('authoring.updated')}>${formatDate(course.updatedAt)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const admin = hasRole(this.session.me, 'admin');
    return html`<div class="page-header">
        <h1>${t('authoring.title')}</h1>
        ${this.creating ? null : html`<button id="new-course-button" type="button" @click=${() => (this.creating = true)}>${t('authoring.new')}</button>`}
      </div>
      <p class="lead">${admin ? t('authoring.introAdmin') : t('authoring.intro')}</p>
      <nav class="quiz-links" aria-label=${t('quizAdmin.linksLabel')}>
        <a href="/authoring/question-banks">${t('quizAdmin.banksTitle')}</a>
        <a href="/authoring/quizzes">${t('quizAdmin.quizzesTitle')}</a>
      </nav>
      ${this.creating ? html`<sinau-new-course-form @sinau-course-created=${this.onCreated} @sinau-form-cancel=${this.onCancel}></sinau-new-course-form>` : null}
      ${this.courses.error
        ? html`<sinau-alert variant="error">${describeError(this.courses.error)}</sinau-alert>`
        : this.courses.value
          ? this.renderTable(this.courses.value, admin)
          : html`<sinau-loading></sinau-loading>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-authoring-page': SinauAuthoringPage;
  }
}
