-- The App Home lists a person's coming agenda slots.
CREATE INDEX agenda_items_by_presenter ON agenda_items (presenter_id, status, occurrence_key);
