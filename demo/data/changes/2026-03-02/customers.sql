-- What changed in the shop database by the second run date: a move, a segment change, a new customer.
UPDATE customers SET city = 'Cambridge', updated_at = '2026-03-01 18:00:00' WHERE customer_id = 1;
UPDATE customers SET segment = 'consumer', updated_at = '2026-03-02 07:30:00' WHERE customer_id = 4;
INSERT INTO customers VALUES
  (8, 'Katherine Johnson', 'katherine@example.com', '+1 757 555 0108', '5500 0000 0000 0004', 'Hampton', 'corporate', '2026-03-02 09:00:00');
