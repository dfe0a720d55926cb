/**
 * Opens a native <dialog> as a modal while the component is mounted, and on
 * unmount closes it and gives focus back to what opened it. The browser does
 * that only when an open dialog closes, and these dialogs are usually removed
 * from the page first.
 */
import { useEffect, useRef, useState } from 'react';

export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  // Read while rendering: by the effect, the dialog's autoFocus has taken the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);
  return ref;
}
