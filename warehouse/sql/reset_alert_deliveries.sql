-- A severity upgrade is a new message owed to every target: forget who received the old one.
DELETE FROM alert_deliveries WHERE alert_id = $alert_id;
