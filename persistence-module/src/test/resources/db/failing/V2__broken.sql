CREATE TABLE half_done (id int PRIMARY KEY);
INSERT INTO no_such_table VALUES (1);
