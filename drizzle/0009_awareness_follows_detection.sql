-- Awareness used to be stamped with the declaration time by the bot (no one could set it), so a
-- corrected detection time never moved the regulatory clocks. Empty it: awareness now follows the
-- detection time until someone records it (with a reason) in the edit form.
UPDATE `incidents` SET `aware_at` = NULL WHERE `aware_at` = `declared_at`;
