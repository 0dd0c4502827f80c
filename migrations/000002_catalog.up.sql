-- DOMAIN.md §3: the program's catalogs as seeded. Global admins edit them
-- afterwards; exams and payment rates are demo samples (see internal/seed).

INSERT INTO offerings (code, name, cloud) VALUES
    ('DDPS', 'Desktop Deployment Planning Services (Windows and Office)', false),
    ('SDPS', 'SharePoint Deployment Planning Services', false),
    ('S-EDPS', 'Skype for Business and Exchange Deployment Planning Services', false),
    ('PVDPS', 'Windows Server, Private Cloud and Virtualization Deployment Planning Services', false),
    ('SSDPS', 'SQL Server Deployment Planning Services', false),
    ('DYDPS', 'Dynamics Deployment Planning Services', false),
    ('DTDPS', 'Developer Tools Deployment Planning Services', false),
    ('AZDPS', 'Azure Deployment Planning Services', true);

INSERT INTO competencies (name) VALUES
    ('Windows and Devices'), ('Enterprise Mobility Management'), ('Cloud Business Applications'),
    ('Cloud CRM'), ('ERP'), ('Datacenter'), ('Collaboration and Content'),
    ('Project and Portfolio Management'), ('Messaging'), ('Communications'),
    ('Data Analytics'), ('Data Platform'), ('Cloud Platform');

INSERT INTO engagement_types (offering_code, name) VALUES
    ('DDPS', 'Windows and Office Deployment Planning'),
    ('DDPS', 'Mobile Productivity Deployment Planning'),
    ('DDPS', 'Modern IT Enterprise Security Proof of Concept'),
    ('DYDPS', 'Upgrading / Migrating to Dynamics 365 Customer Engagement'),
    ('DYDPS', 'Upgrading Dynamics 365 Finance and Operations'),
    ('PVDPS', 'Modernizing Your Windows Server Platform'),
    ('SDPS', 'SharePoint Deployment Planning'),
    ('SDPS', 'Project and Portfolio Management Solution Planning'),
    ('S-EDPS', 'Exchange Deployment Planning'),
    ('S-EDPS', 'Skype for Business Deployment Planning'),
    ('SSDPS', 'Data Estate Modernization'),
    ('AZDPS', 'Azure Cloud Migration Planning');

INSERT INTO engagement_type_competencies (engagement_type_id, competency_id, min_level)
SELECT et.id, c.id, q.min_level
FROM (VALUES
    ('Windows and Office Deployment Planning', 'Windows and Devices', 'silver'),
    ('Mobile Productivity Deployment Planning', 'Enterprise Mobility Management', 'silver'),
    ('Mobile Productivity Deployment Planning', 'Windows and Devices', 'silver'),
    ('Modern IT Enterprise Security Proof of Concept', 'Enterprise Mobility Management', 'silver'),
    ('Upgrading / Migrating to Dynamics 365 Customer Engagement', 'Cloud Business Applications', 'silver'),
    ('Upgrading / Migrating to Dynamics 365 Customer Engagement', 'Cloud CRM', 'silver'),
    ('Upgrading Dynamics 365 Finance and Operations', 'ERP', 'gold'),
    ('Modernizing Your Windows Server Platform', 'Datacenter', 'silver'),
    ('SharePoint Deployment Planning', 'Collaboration and Content', 'silver'),
    ('Project and Portfolio Management Solution Planning', 'Project and Portfolio Management', 'silver'),
    ('Exchange Deployment Planning', 'Messaging', 'silver'),
    ('Skype for Business Deployment Planning', 'Communications', 'silver'),
    ('Data Estate Modernization', 'Data Analytics', 'gold'),
    ('Data Estate Modernization', 'Data Platform', 'gold'),
    ('Azure Cloud Migration Planning', 'Cloud Platform', 'silver')
) AS q (type_name, competency, min_level)
JOIN engagement_types et ON et.name = q.type_name
JOIN competencies c ON c.name = q.competency;
