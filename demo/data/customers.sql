-- The demo's PostgreSQL source: a customers table that changes between run dates.
CREATE TABLE IF NOT EXISTS customers (
  customer_id  BIGINT PRIMARY KEY,
  name         TEXT NOT NULL,
  email        TEXT,
  phone        TEXT,
  card_number  TEXT,
  city         TEXT,
  segment      TEXT,
  updated_at   TIMESTAMP NOT NULL
);
TRUNCATE customers;
INSERT INTO customers VALUES
  (1, 'Ada Lovelace',     'ada@example.com',      '+44 20 7946 0001', '4111 1111 1111 1111', 'London',    'consumer',  '2026-02-27 09:00:00'),
  (2, 'Grace Hopper',     'grace@example.org',    '+1 212 555 0102',  '5500 0000 0000 0004', 'New York',  'corporate', '2026-02-27 09:00:00'),
  (3, 'Edsger Dijkstra',  'edsger@example.nl',    '+31 20 555 0103',  '3400 0000 0000 009', 'Amsterdam', 'consumer',  '2026-02-27 09:05:00'),
  (4, 'Barbara Liskov',   'barbara@example.com',  '+1 617 555 0104',  '6011 0000 0000 0004', 'Boston',    'corporate', '2026-02-27 09:05:00'),
  (5, 'Zoë Ünïcode',      'zoe@example.de',       '+49 30 555 0105',  '4000 0000 0000 0002', 'Berlin',    'consumer',  '2026-02-28 10:00:00'),
  (6, 'Alan Turing',      'alan@example.co.uk',   '+44 161 555 0106', '4111 1111 1111 1111', 'Manchester','consumer',  '2026-02-28 10:00:00');
