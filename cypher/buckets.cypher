// The events of a timeline grouped by the bucket of their first day
// ($unit: day, week (the Monday of the ISO week), month or year), by key:
// how many, how many of each quad class, and the mean of the intensities
// summed in time order (null when there are none).
{{events}}
WITH r
ORDER BY r.lo, r.hi, r.id
WITH r, CASE $unit
    WHEN 'day' THEN r.lo
    WHEN 'week' THEN toString(date.truncate('week', date(r.lo)))
    WHEN 'month' THEN substring(r.lo, 0, 7)
    ELSE substring(r.lo, 0, 4)
  END AS key
WITH key, count(r) AS n,
  count(CASE WHEN r.quad = 1 THEN 1 END) AS q1, count(CASE WHEN r.quad = 2 THEN 1 END) AS q2,
  count(CASE WHEN r.quad = 3 THEN 1 END) AS q3, count(CASE WHEN r.quad = 4 THEN 1 END) AS q4,
  collect(r.intensity) AS intensities
RETURN key, n, [q1, q2, q3, q4] AS quad,
  CASE WHEN size(intensities) = 0 THEN null
    ELSE reduce(s = 0.0, x IN intensities | s + x) / size(intensities) END AS mean
ORDER BY key
