/** How shared folders reach the VM: the mechanism, and the names whose changes are not replayed there. */
import { useState } from 'react';
import type { ShareMechanismChoice } from '../../../preload/contract/settings';
import { parseNames } from '../settings/names-list';

interface Props {
  mechanism: ShareMechanismChoice;
  ignore: string[];
  /** E.g. "Used by the VM backend only". */
  hint?: string | null;
  onChange(patch: { shareMechanism?: ShareMechanismChoice; fileWatchIgnore?: string[] }): void;
}

const MECHANISMS: { value: ShareMechanismChoice; label: string }[] = [
  { value: 'auto', label: 'Automatic (virtiofs where it can run, else 9p)' },
  { value: 'virtiofs', label: 'virtiofs' },
  { value: '9p', label: '9p' },
];

export function SharingOptions({ mechanism, ignore, hint, onChange }: Props) {
  // The text is the user's own while they type ("node_modules, " must survive); the list is what is saved.
  // A list changed from outside (Reset, a push) shows as that list instead.
  const [text, setText] = useState(ignore.join(', '));
  const shown = JSON.stringify(parseNames(text)) === JSON.stringify(ignore) ? text : ignore.join(', ');
  return (
    <>
      <div className="field">
        <label htmlFor="share-mechanism">Sharing mechanism</label>
        <select id="share-mechanism" value={mechanism} onChange={(e) => onChange({ shareMechanism: e.target.value as ShareMechanismChoice })}>
          {MECHANISMS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
        {hint && <span className="hint">{hint}</span>}
      </div>
      <div className="field">
        <label htmlFor="watch-ignore">Ignore changes in</label>
        <input
          id="watch-ignore"
          type="text"
          size={44}
          spellCheck={false}
          value={shown}
          aria-describedby="watch-ignore-hint"
          onChange={(e) => {
            setText(e.target.value);
            onChange({ fileWatchIgnore: parseNames(e.target.value) });
          }}
        />
        <span id="watch-ignore-hint" className="hint">
          Names, separated by commas: changes under them on this computer are not replayed to watchers in containers.
        </span>
      </div>
    </>
  );
}
