export function Legend({ items }: { items: Array<{ label: string; color: string; value?: string | number }> }) {
  return (
    <ul className="legend">
      {items.map((i) => (
        <li key={i.label}>
          <span className="legend-swatch" style={{ background: i.color }} />
          {i.label}
          {i.value !== undefined ? <strong>{i.value}</strong> : null}
        </li>
      ))}
    </ul>
  );
}
