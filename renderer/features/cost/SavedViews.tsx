/**
 * The explorer's saved views: save what is shown under a name, apply one from the list, rename
 * or delete it. Plain buttons and a form, so Tab, Enter and Escape do it all; focus stays on the
 * list after a rename or a delete.
 */
import { useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { applyView, currentView, deleteView, renameView, saveView, viewName, type SavedView } from './saved-views';

const sameView = (a: SavedView, b: SavedView) =>
  JSON.stringify([a.range, a.granularity, a.explorer]) === JSON.stringify([b.range, b.granularity, b.explorer]);

export function SavedViews() {
  const views = useApp((s) => s.savedViews);
  const error = useApp((s) => s.savedViewsError);
  // Re-render when what is shown changes, to mark the view it matches.
  useApp((s) => s.explorer);
  useApp((s) => s.range);
  useApp((s) => s.granularity);
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState('');
  const list = useRef<HTMLUListElement>(null);
  const shown = currentView('');

  const focusItem = (i: number) =>
    requestAnimationFrame(() => {
      const items = list.current?.querySelectorAll<HTMLButtonElement>('button.view-apply');
      (items?.[Math.min(i, (items?.length ?? 1) - 1)] ?? document.querySelector<HTMLInputElement>('input[aria-label="View name"]'))?.focus();
    });

  return (
    <section className="saved-views" aria-label="Saved views" data-testid="saved-views">
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          const n = viewName(name);
          if (!n) return setMessage('A view needs a name.');
          const replaced = views.some((w) => w.name === n);
          saveView(currentView(n));
          setName('');
          setMessage(replaced ? `View “${n}” updated.` : `View “${n}” saved.`);
        }}
      >
        <input aria-label="View name" placeholder="Name this view" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn">
          Save view
        </button>
        <span className="muted" role="status">
          {error ?? message}
        </span>
      </form>
      {views.length > 0 && (
        <ul className="view-list chips" aria-label="Views" ref={list}>
          {views.map((w, i) => (
            <li key={w.name} className="chip" data-testid="saved-view">
              {renaming === w.name ? (
                <input
                  aria-label={`New name for ${w.name}`}
                  value={draft}
                  autoFocus
                  maxLength={80}
                  onChange={(e) => setDraft(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape') {
                      setRenaming(null);
                      focusItem(i);
                    } else if (e.key === 'Enter') {
                      e.preventDefault();
                      if (!renameView(w.name, draft)) return setMessage(`“${draft.trim()}” is empty or taken by another view.`);
                      setMessage(`Renamed to “${draft.trim()}”.`);
                      setRenaming(null);
                      focusItem(i);
                    }
                  }}
                />
              ) : (
                <button
                  type="button"
                  className="link view-apply"
                  aria-current={sameView(w, shown) ? 'true' : undefined}
                  title="Apply this view"
                  onClick={() => {
                    applyView(w);
                    setMessage(`View “${w.name}” applied.`);
                  }}
                >
                  {w.name}
                </button>
              )}
              <button
                type="button"
                aria-label={`Rename view ${w.name}`}
                onClick={() => {
                  setRenaming(w.name);
                  setDraft(w.name);
                }}
              >
                ✎
              </button>
              <button
                type="button"
                aria-label={`Delete view ${w.name}`}
                onClick={() => {
                  deleteView(w.name);
                  setMessage(`View “${w.name}” deleted.`);
                  focusItem(i);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
