import { css } from 'lit';
import { dialogStyles, pageStyles } from '../../styles/shared-styles.ts';
import { sectionPageStyles } from '../partners/partner-styles.ts';

/** The placement pages: page styles, the card grid, timelines and dialogs. */
export const placementStyles = [
  ...pageStyles,
  dialogStyles,
  sectionPageStyles,
  css`
    ul.cards-grid {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
      gap: var(--sinau-space-4);
    }
    ul.plain {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: var(--sinau-space-4);
    }
    .card h3 {
      margin-top: 0;
    }
    .facts {
      margin: var(--sinau-space-2) 0;
      padding: 0;
      list-style: none;
      font-size: 0.95rem;
    }
    .facts li + li {
      margin-top: var(--sinau-space-1);
    }
    ol.timeline {
      margin: var(--sinau-space-2) 0;
      padding-left: var(--sinau-space-5);
    }
    ol.timeline li + li {
      margin-top: var(--sinau-space-1);
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sinau-space-3);
      align-items: end;
      margin-bottom: var(--sinau-space-4);
    }
    .filters .field {
      margin: 0;
      flex: 1 1 12rem;
    }
    .motivation {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    textarea.tall {
      min-height: 8rem;
    }
  `,
];
