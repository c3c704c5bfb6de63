-- Unfinished declaration steps (the only durable work before the job engine) become jobs, in the
-- order the steps run, in their incident's queue; finished ones are history and stay behind.
INSERT INTO `jobs` (`kind`, `key`, `queue`, `incident_id`, `payload`, `state`, `due_at`, `attempts`, `created_at`, `updated_at`)
SELECT 'setup.' || `step`,
       'setup:' || `incident_id` || ':' || `step`,
       'incident:' || `incident_id`,
       `incident_id`,
       json_object('incidentId', `incident_id`),
       'pending',
       CAST(strftime('%s', 'now') AS INTEGER) * 1000,
       `attempts`,
       `updated_at`,
       `updated_at`
FROM `slack_steps`
WHERE `state` != 'done'
ORDER BY `incident_id`,
  CASE `step`
    WHEN 'create_channel' THEN 0 WHEN 'invite_responders' THEN 1 WHEN 'set_topic' THEN 2 WHEN 'set_purpose' THEN 3
    WHEN 'post_card' THEN 4 WHEN 'pin_card' THEN 5 WHEN 'announce' THEN 6 ELSE 7
  END;
