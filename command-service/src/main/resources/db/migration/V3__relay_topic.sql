-- Which instance of the events topic the relay has published to. When the topic is recreated (new topic id) the
-- relay starts again from the first event: the new topic receives the whole history, consumers deduplicate by id.
CREATE TABLE relay_topic (
    topic    VARCHAR(255) PRIMARY KEY,
    topic_id VARCHAR(32)  NOT NULL
);
