/**
 * A modal form dialog for keyboard users: Tab stays inside it, Escape cancels, and when it closes
 * focus goes back to the control that had it when the dialog opened (or to `returnFocus()` when
 * that control is gone), never to the page body.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog(props: {
  label: string;
  onCancel: () => void;
  onSubmit: () => void;
  returnFocus?: () => HTMLElement | null | undefined;
  children: ReactNode;
}) {
  // Read during the first render: by the time effects run, autoFocus has moved focus inside.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const returnFocus = useRef(props.returnFocus);
  returnFocus.current = props.returnFocus;
  const form = useRef<HTMLFormElement>(null);

  useEffect(
    () => () => {
      const back = opener && opener.isConnected && opener !== document.body ? opener : returnFocus.current?.();
      back?.focus();
    },
    [opener],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      props.onCancel();
      return;
    }
    if (e.key !== 'Tab' || !form.current) return;
    const items = Array.from(form.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop" role="presentation">
      <form
        ref={form}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={props.label}
        onKeyDown={onKeyDown}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        {props.children}
      </form>
    </div>
  );
}
