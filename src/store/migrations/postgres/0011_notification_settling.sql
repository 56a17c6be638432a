-- Settling: when an approval is decided or expires, the requests people were sent about it are
-- marked read for everyone (notifications/notification-repository.ts `settle`). This finds them
-- without scanning every notification; only unread ones can still need settling.
CREATE INDEX notifications_unread_approval ON notifications (approval_id) WHERE read_at IS NULL;
