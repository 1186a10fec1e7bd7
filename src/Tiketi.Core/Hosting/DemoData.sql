-- Demo data (TIKETI_DEMO_DATA=1). Idempotent: layouts are keyed by name, events by title, ticket types by event;
-- nothing existing is changed. Runs in one transaction under an advisory lock, so several instances starting at
-- once seed exactly once. Sale windows are relative to the first seeding so a fresh demo always has, on sale, a
-- small-theater event, a 4,900-seat stadium event and a general-admission (ticket types, no layout) event, plus
-- upcoming concerts. Seats are generated afterwards by SeatGenerator (one set-based INSERT).
SELECT pg_advisory_xact_lock(7318001);

INSERT INTO seat_layouts (name, description, total_seats, layout_config) VALUES
    ('small_theater', 'Small theater with 300 seats', 265,
     '{"sections":[{"name":"VIP","rows":3,"seatsPerRow":10,"price":150000,"startRow":1},{"name":"R","rows":5,"seatsPerRow":15,"price":100000,"startRow":4},{"name":"S","rows":8,"seatsPerRow":20,"price":70000,"startRow":9}]}'),
    ('large_theater', 'Large theater with 1500 seats', 1250,
     '{"sections":[{"name":"VIP","rows":5,"seatsPerRow":20,"price":200000,"startRow":1},{"name":"R","rows":10,"seatsPerRow":30,"price":150000,"startRow":6},{"name":"S","rows":15,"seatsPerRow":30,"price":100000,"startRow":16},{"name":"A","rows":10,"seatsPerRow":40,"price":70000,"startRow":31}]}'),
    ('sports_stadium', 'Sports stadium with 5000 seats', 4900,
     '{"sections":[{"name":"Floor1","rows":20,"seatsPerRow":50,"price":80000,"startRow":1},{"name":"Floor2","rows":30,"seatsPerRow":60,"price":50000,"startRow":21},{"name":"Floor3","rows":30,"seatsPerRow":70,"price":30000,"startRow":51}]}')
ON CONFLICT (name) DO NOTHING;

WITH spec (title, description, venue, address, artist_name, layout, sale_start_day, sale_end_day, event_day) AS (VALUES
    ('10CM HOTEL ROOM TOUR', '10CM의 감성 가득한 소극장 투어', '홍대 롤링홀', '서울특별시 마포구 어울마당로 35', '10CM', 'small_theater', -1, 30, 40),
    ('농구 챔피언십 결승전', '정규 시즌 1위와 2위의 마지막 승부', '잠실실내체육관', '서울특별시 송파구 올림픽로 25', NULL, 'sports_stadium', -1, 30, 45),
    ('인디 뮤직 페스티벌', '스탠딩으로 즐기는 인디 밴드 페스티벌 (좌석 지정 없음)', '난지한강공원', '서울특별시 마포구 한강난지로 162', NULL, NULL, -1, 30, 50),
    ('싸이 흠뻑쇼', '여름을 대표하는 흠뻑쇼', '올림픽공원 체조경기장', '서울특별시 송파구 올림픽로 424', '싸이', 'large_theater', 1, 31, 60),
    ('아이유 HEREH 콘서트', '아이유 단독 콘서트', '올림픽공원 체조경기장', '서울특별시 송파구 올림픽로 424', '아이유', 'large_theater', 2, 32, 62),
    ('BLACKPINK WORLD TOUR', '블랙핑크 월드 투어 서울 공연', '고척스카이돔', '서울특별시 구로구 경인로 430', 'BLACKPINK', 'large_theater', 3, 33, 64),
    ('ZICO KING OF THE ZUNGLE', '지코 단독 콘서트', '블루스퀘어 마스터카드홀', '서울특별시 용산구 이태원로 294', 'ZICO', 'small_theater', 4, 34, 66)
), base AS (
    SELECT date_trunc('day', now() AT TIME ZONE 'Asia/Seoul') AS today
), dated AS (
    SELECT s.*,
           (b.today + make_interval(days => s.event_day) + interval '19 hours') AT TIME ZONE 'Asia/Seoul' AS event_date,
           (b.today + make_interval(days => s.sale_start_day) + interval '10 hours') AT TIME ZONE 'Asia/Seoul' AS sale_start_date,
           (b.today + make_interval(days => s.sale_end_day) + interval '23 hours 59 minutes') AT TIME ZONE 'Asia/Seoul' AS sale_end_date
    FROM spec s CROSS JOIN base b
)
INSERT INTO events (title, description, venue, address, event_date, sale_start_date, sale_end_date, poster_image_url, status,
                    seat_layout_id, artist_name, created_by)
SELECT d.title, d.description, d.venue, d.address, d.event_date, d.sale_start_date, d.sale_end_date, NULL,
       CASE WHEN now() < d.sale_start_date THEN 'upcoming' WHEN now() < d.sale_end_date THEN 'on_sale' ELSE 'ended' END,
       (SELECT l.id FROM seat_layouts l WHERE l.name = d.layout),
       d.artist_name,
       (SELECT u.id FROM users u WHERE u.role = 'admin' ORDER BY u.created_at LIMIT 1)
FROM dated d
WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.title = d.title);

INSERT INTO ticket_types (event_id, name, price, total_quantity, available_quantity, description)
SELECT e.id, t.name, t.price, t.quantity, t.quantity, t.description
FROM events e
CROSS JOIN (VALUES
    ('VIP 스탠딩', 150000, 100, '무대 앞 VIP 구역 + 굿즈'),
    ('일반 스탠딩', 88000, 500, NULL),
    ('2층 지정석', 66000, 300, '2층 좌석 구역')
) AS t (name, price, quantity, description)
WHERE e.title = '인디 뮤직 페스티벌'
  AND NOT EXISTS (SELECT 1 FROM ticket_types x WHERE x.event_id = e.id);
