import { css } from 'lit';

/** Layout of the lesson page. */
export const lessonStyles = css`
  .crumbs ol {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-1);
    margin: 0 0 var(--sinau-space-3);
    padding: 0;
    font-size: 0.9rem;
  }
  .crumbs li {
    overflow-wrap: anywhere;
  }
  .crumbs li + li::before {
    content: '›';
    margin-right: var(--sinau-space-1);
    color: var(--sinau-color-muted);
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--sinau-space-4);
  }
  @media (min-width: 60rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr) 16rem;
      align-items: start;
    }
    .side {
      position: sticky;
      top: var(--sinau-space-4);
      order: 2;
    }
  }
  .side {
    background: var(--sinau-color-surface);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-3) var(--sinau-space-4);
  }
  @media (max-width: 59.99rem) {
    .side {
      order: -1;
    }
  }
  article.lesson {
    background: var(--sinau-color-surface);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-4) var(--sinau-space-5) var(--sinau-space-5);
    box-shadow: var(--sinau-shadow);
    min-width: 0;
  }
  @media (max-width: 30rem) {
    article.lesson {
      padding: var(--sinau-space-3) var(--sinau-space-3) var(--sinau-space-4);
      border-left: 0;
      border-right: 0;
      border-radius: 0;
      margin: 0 calc(-1 * var(--sinau-space-4));
    }
  }
  details.outline {
    margin-top: var(--sinau-space-3);
    font-size: 0.9rem;
  }
  details.outline summary {
    cursor: pointer;
    font-weight: 600;
    padding: var(--sinau-space-2) 0;
  }
  .outline ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .outline-modules > li + li {
    margin-top: var(--sinau-space-2);
  }
  .outline-module {
    display: block;
    font-weight: 600;
    color: var(--sinau-color-muted);
    margin: var(--sinau-space-1) 0;
  }
  .outline ol ol li {
    display: flex;
    gap: var(--sinau-space-2);
    align-items: flex-start;
    padding: var(--sinau-space-1) 0;
    overflow-wrap: anywhere;
  }
  .outline .current {
    font-weight: 700;
  }
  .module {
    margin: 0 0 var(--sinau-space-1);
    color: var(--sinau-color-muted);
    font-weight: 600;
    font-size: 0.9rem;
  }
  h1 {
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2);
    align-items: center;
    color: var(--sinau-color-muted);
    font-size: 0.95rem;
  }
  .media {
    margin: 0 0 var(--sinau-space-4);
  }
  object.pdf {
    display: block;
    width: 100%;
    height: min(80vh, 60rem);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    margin-bottom: var(--sinau-space-3);
    background: #eef1f4;
  }
  object.pdf p {
    padding: var(--sinau-space-4);
  }
  .url {
    overflow-wrap: anywhere;
  }
  .watch-rule {
    background: var(--sinau-color-info-bg);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-2) var(--sinau-space-3);
  }
  .completion {
    margin-top: var(--sinau-space-5);
    padding-top: var(--sinau-space-4);
    border-top: 1px solid var(--sinau-color-border);
  }
  .completion button {
    min-width: 12rem;
  }
  .lesson-done {
    font-weight: 700;
    color: var(--sinau-color-success);
    margin: 0;
  }
  .save-state {
    margin: var(--sinau-space-2) 0 0;
    font-size: 0.9rem;
    color: var(--sinau-color-muted);
  }
  .save-state:empty {
    display: none;
  }
  .save-state.waiting {
    color: var(--sinau-color-warning);
    font-weight: 600;
  }
  .celebration {
    border: 2px solid var(--sinau-color-success);
    background: var(--sinau-color-success-bg);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-3) var(--sinau-space-4);
    margin-bottom: var(--sinau-space-4);
  }
  .celebration.fresh {
    text-align: center;
    padding: var(--sinau-space-5) var(--sinau-space-4);
  }
  .celebration.fresh .actions {
    justify-content: center;
  }
  .celebration h2 {
    color: var(--sinau-color-success);
    margin-bottom: var(--sinau-space-2);
  }
  .celebration p {
    margin: 0;
  }
  .celebration.fresh {
    margin: var(--sinau-space-4) 0 0;
  }
  .celebration .medal {
    display: block;
    margin: 0 auto var(--sinau-space-2);
  }
  .celebration.fresh:focus {
    outline: 3px solid var(--sinau-color-focus);
    outline-offset: 2px;
  }
  nav.pager {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--sinau-space-3);
    margin-top: var(--sinau-space-4);
  }
  .file-size {
    font-weight: normal;
    color: inherit;
  }
`;
