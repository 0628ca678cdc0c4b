/** The platform filter every list page shares; "" means all platforms. */
export function PlatformSelect({ value, onChange }: { value: string; onChange: (platform: string | null) => void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value || null)} aria-label="Platform">
      <option value="">All platforms</option>
      <option value="livechat">LiveChat</option>
      <option value="chatwoot">Chatwoot</option>
      <option value="ringcentral">RingCentral</option>
    </select>
  );
}
