import { useState } from "react";
import type { WeeklyRanges } from "../../../../src/admin/schemas.ts";
import type { Setup } from "../../../../src/admin/setup.ts";
import { formatDayRanges, hoursChange, WEEKDAYS, type Weekday } from "../../lib/phone-system.ts";

/** The company's business hours, one line per day ("09:00-17:00, 18:00-20:00"; empty = closed). */
export function HoursEditor({
  hours,
  canEdit,
  busy,
  onPlan,
}: {
  hours: WeeklyRanges | undefined;
  canEdit: boolean;
  busy: boolean;
  onPlan: (title: string, setup: Setup) => void;
}) {
  const initial = Object.fromEntries(WEEKDAYS.map((d) => [d, formatDayRanges(hours?.[d])])) as Record<Weekday, string>;
  const [days, setDays] = useState(initial);
  const [reason, setReason] = useState("");
  const open = WEEKDAYS.some((d) => (hours?.[d] ?? []).length > 0);
  const plan = () => {
    const r = hoursChange(days);
    if (!r.ok) return setReason(r.reason);
    setReason("");
    onPlan("company business hours", r.setup);
  };
  return (
    <>
      {open ? null : <p className="muted">Open 24 hours (no business hours set).</p>}
      <dl className="phone-hours" data-testid="phone-hours">
        {WEEKDAYS.map((day) => (
          <div key={day}>
            <dt>{day}</dt>
            <dd>
              {canEdit ? (
                <input
                  aria-label={`Hours on ${day}`}
                  placeholder="closed"
                  value={days[day]}
                  onChange={(e) => setDays({ ...days, [day]: e.target.value })}
                />
              ) : (
                initial[day] || "closed"
              )}
            </dd>
          </div>
        ))}
      </dl>
      {canEdit ? (
        <p className="phone-edit">
          <button type="button" className="btn btn-small" disabled={busy} onClick={plan}>
            Plan business hours
          </button>
          <span className="muted"> Ranges like 09:00-17:00, 18:00-20:00; empty = closed.</span>
        </p>
      ) : null}
      {reason ? (
        <p className="inline-error" role="alert">
          {reason}
        </p>
      ) : null}
    </>
  );
}
