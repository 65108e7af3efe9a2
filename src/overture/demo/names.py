"""Given names and family names for generated participants."""

from __future__ import annotations

GIVEN_NAMES: tuple[str, ...] = (
    "Aaliyah", "Abdul", "Ada", "Adebayo", "Aditi", "Agnieszka", "Aidan", "Aisha", "Akira",
    "Alejandro", "Alex", "Alice", "Amara", "Amelia", "Amir", "Ana", "Andrea", "Angus", "Anika",
    "Anna", "Arjun", "Astrid", "Aya", "Ben", "Bethan", "Bilal", "Bronwen", "Callum", "Carlos",
    "Caroline", "Catherine", "Chen", "Chidi", "Chloe", "Ciaran", "Clara", "Daniel", "Dara",
    "David", "Deepa", "Dmitri", "Eilidh", "Elena", "Eleanor", "Elif", "Emeka", "Emily", "Emma",
    "Erik", "Esther", "Ethan", "Fatima", "Felix", "Fiona", "Freya", "Gabriel", "Grace", "Hamza",
    "Hana", "Harriet", "Harry", "Hassan", "Helen", "Ibrahim", "Ingrid", "Isaac", "Isla", "Ivan",
    "Jack", "Jakub", "James", "Jasmine", "Javier", "Jia", "Joanna", "Jonah", "Jorge", "Joseph",
    "Julia", "Kai", "Karen", "Kateryna", "Kemi", "Kenji", "Kofi", "Laila", "Lars", "Laura",
    "Layla", "Leo", "Lily", "Lucia", "Lucy", "Luis", "Maeve", "Maria", "Marcus", "Margaret",
    "Mateo", "Maya", "Mei", "Michael", "Mohammed", "Nadia", "Naomi", "Nia", "Nikhil", "Noah",
    "Nora", "Oisín", "Oliver", "Olivia", "Omar", "Oscar", "Patrick", "Paul", "Peter", "Precious",
    "Priya", "Rachel", "Rahul", "Rania", "Rebecca", "Rhys", "Rosa", "Ruth", "Sadia", "Samir",
    "Sara", "Sean", "Sofia", "Sophie", "Stefan", "Sunita", "Tariq", "Thomas", "Tomasz",
    "Valentina", "Wei", "William", "Yasmin", "Yusuf", "Zainab", "Zara", "Zoë",
)  # fmt: skip

FAMILY_NAMES: tuple[str, ...] = (
    "Abara", "Adeyemi", "Ahmed", "Ali", "Anderson", "Andersson", "Baker", "Banerjee", "Begum",
    "Bennett", "Brown", "Campbell", "Chen", "Clarke", "Costa", "Davies", "Dubois", "Edwards",
    "Evans", "Fernández", "Fischer", "Fitzgerald", "Fraser", "García", "Green", "Gupta", "Hall",
    "Hansen", "Harris", "Hughes", "Hussain", "Ibrahim", "Iqbal", "Ivanova", "Jackson", "James",
    "Jensen", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "Kim", "Kowalski", "Kumar",
    "Lewis", "Li", "Liu", "López", "MacDonald", "Martin", "Mensah", "Miller", "Mitchell",
    "Moore", "Morgan", "Murphy", "Nakamura", "Nguyen", "Novak", "Nowak", "O'Brien", "Okafor",
    "Okonkwo", "Oliveira", "Owusu", "Patel", "Petrov", "Phillips", "Price", "Quinn", "Rahman",
    "Reid", "Roberts", "Robinson", "Rossi", "Russo", "Sánchez", "Santos", "Schmidt", "Scott",
    "Shah", "Silva", "Singh", "Smith", "Sørensen", "Stewart", "Suzuki", "Tanaka", "Taylor",
    "Thomas", "Thompson", "Turner", "Walker", "Wang", "Watson", "White", "Williams", "Wilson",
    "Wood", "Wright", "Yilmaz", "Young", "Zhang", "Zielińska",
)  # fmt: skip
