DELETE FROM engagement_type_competencies;
DELETE FROM engagement_types;
DELETE FROM competencies;
DELETE FROM offerings;
