import { css } from 'lit';
import { pageStyles } from '../../styles/shared-styles.ts';

/** What the partner and placement pages share: sections' rhythm, breadcrumbs, inline confirmations. */
export const sectionPageStyles = css`
  :host {
    display: block;
  }
  /* The sections inside sub-elements (agreements, members, review) keep the page's rhythm. */
  :host > section {
    margin-top: var(--sinau-space-6);
  }
  section + section {
    margin-top: var(--sinau-space-6);
  }
  .crumbs {
    font-size: 0.9rem;
    margin-bottom: var(--sinau-space-2);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2);
    align-items: center;
  }
`;

/** The partner pages: page styles plus sections, inline confirmations and the one-time password box. */
export const partnerStyles = [
  ...pageStyles,
  sectionPageStyles,
  css`
    .secret {
      font-family: ui-monospace, monospace;
      font-size: 1.1rem;
      padding: var(--sinau-space-1) var(--sinau-space-2);
      background: var(--sinau-color-primary-soft);
      border-radius: var(--sinau-radius);
      user-select: all;
      overflow-wrap: anywhere;
    }
    ul.plain {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: var(--sinau-space-3);
    }
    .form-grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
      gap: 0 var(--sinau-space-4);
    }
  `,
];
