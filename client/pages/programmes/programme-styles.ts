import { css } from 'lit';
import { pageStyles, statStyles } from '../../styles/shared-styles.ts';

/** The programme pages: step lists, status badges, rubric rows and submission cards. */
export const programmeStyles = [
  ...pageStyles,
  statStyles,
  css`
    section + section {
      margin-top: var(--sinau-space-6);
    }
    .card + .card {
      margin-top: var(--sinau-space-4);
    }
    .card > h2,
    .card > h3 {
      margin-top: 0;
      overflow-wrap: anywhere;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sinau-space-1) var(--sinau-space-3);
      margin: 0 0 var(--sinau-space-3);
      color: var(--sinau-color-muted);
    }
    ol.steps {
      list-style: none;
      margin: var(--sinau-space-3) 0 0;
      padding: 0;
      border: 1px solid var(--sinau-color-border);
      border-radius: var(--sinau-radius);
    }
    ol.steps > li {
      display: grid;
      grid-template-columns: 2rem minmax(0, 1fr);
      gap: var(--sinau-space-1) var(--sinau-space-3);
      padding: var(--sinau-space-3);
    }
    ol.steps > li + li {
      border-top: 1px solid var(--sinau-color-border);
    }
    ol.steps > li.overdue {
      border-left: 0.3rem solid var(--sinau-color-danger);
      background: var(--sinau-color-danger-bg);
    }
    .step-no {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 2rem;
      height: 2rem;
      border-radius: 50%;
      background: var(--sinau-color-primary-soft);
      color: var(--sinau-color-primary);
      font-weight: 700;
    }
    .step-body {
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .step-body p {
      margin: var(--sinau-space-1) 0 0;
    }
    .step-title {
      font-weight: 600;
    }
    .late {
      color: var(--sinau-color-danger);
      font-weight: 700;
    }
    .badge.s-completed,
    .badge.s-accepted,
    .badge.s-on_track {
      background: var(--sinau-color-success-bg);
      color: var(--sinau-color-success);
    }
    .badge.s-locked,
    .badge.s-not_started {
      background: #eceff2;
      color: var(--sinau-color-muted);
    }
    .badge.s-revise,
    .badge.s-behind {
      background: var(--sinau-color-warning-bg);
      color: var(--sinau-color-warning);
    }
    .badge.s-stuck {
      background: var(--sinau-color-danger-bg);
      color: var(--sinau-color-danger);
    }
    .badge.s-submitted,
    .badge.s-in_progress {
      background: var(--sinau-color-info-bg);
      color: var(--sinau-color-info);
    }
    ul.plain {
      list-style: none;
      padding: 0;
      margin: 0 0 var(--sinau-space-3);
    }
    ul.plain > li + li {
      margin-top: var(--sinau-space-2);
    }
    .prose {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    textarea.prose-input {
      font-family: inherit;
      font-size: 1rem;
    }
    progress {
      width: 100%;
      height: 0.9rem;
      accent-color: var(--sinau-color-primary);
    }
    .table-scroll {
      position: relative;
    }
    .row {
      margin-bottom: var(--sinau-space-4);
    }
    sinau-submission-view + sinau-submission-view {
      margin-top: var(--sinau-space-4);
    }
    .filters {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
      gap: 0 var(--sinau-space-4);
      align-items: end;
    }
  `,
];
