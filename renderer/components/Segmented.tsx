/** A row of mutually exclusive buttons (a radio group): granularity, cost metric, chart style, view. */
export interface SegmentedProps<T extends string> {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  style?: React.CSSProperties;
}

export function Segmented<T extends string>({ label, options, value, onChange, style }: SegmentedProps<T>) {
  return (
    <span className="segmented" role="radiogroup" aria-label={label} style={style}>
      {options.map((o) => (
        <button key={o.value} type="button" role="radio" aria-checked={value === o.value} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </span>
  );
}
