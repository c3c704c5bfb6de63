-- Incidents announced before the live feed: their announcement is where the set-up job recorded it.
INSERT OR IGNORE INTO `incident_comms` (`incident_id`, `announcement_channel_id`, `announcement_ts`, `updated_at`)
SELECT `incident_id`, json_extract(`result`, '$.channel'), json_extract(`result`, '$.ts'), `updated_at`
FROM `jobs`
WHERE `kind` = 'setup.announce' AND `state` = 'done' AND `incident_id` IS NOT NULL
  AND json_extract(`result`, '$.ts') IS NOT NULL;
