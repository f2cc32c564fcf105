// Located places (the explorer's map, places(located: true)) are found by an index seek.
CREATE RANGE INDEX place_location IF NOT EXISTS FOR (n:Place) ON (n.locationLatitude);
