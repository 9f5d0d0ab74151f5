import { css } from 'lit';
import { pageStyles } from '../../styles/shared-styles.ts';

/** Styles shared by the home page's role sections. */
export const homeSectionStyles = [
  pageStyles,
  css`
    section {
      background: var(--sinau-color-surface);
      border: 1px solid var(--sinau-color-border);
      border-radius: var(--sinau-radius);
      padding: var(--sinau-space-4) var(--sinau-space-5);
      box-shadow: var(--sinau-shadow);
    }
    @media (max-width: 30rem) {
      section {
        padding: var(--sinau-space-4);
      }
    }
  `,
];
