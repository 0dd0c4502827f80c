ALTER TABLE payment_registrations
    DROP CONSTRAINT payment_registrations_payee_length,
    DROP CONSTRAINT payment_registrations_reference_length;
DROP TABLE payment_offering_registrations;
