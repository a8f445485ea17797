-- The last date on which every State's record is proven complete by a full participant list or by the published
-- counts ("record complete through"), or NULL when no such date exists. No parameters.
SELECT complete_through FROM record_complete_through;
