package generate

import (
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
)

// The vocabulary of generated network registries: countries, names,
// titles and topics, in English, Azerbaijani and Russian as the
// demonstration registry has them.

// tr is a phrase in the three content languages.
type tr struct{ en, az, ru string }

// text is the phrase as a record's Text. Each call makes a new map, so
// that a record's fields never share a map with another's.
func (t tr) text() registry.Text {
	out := registry.Text{}
	if t.en != "" {
		out["en"] = t.en
	}
	if t.az != "" {
		out["az"] = t.az
	}
	if t.ru != "" {
		out["ru"] = t.ru
	}
	return out
}

type region int

const (
	east        region = iota // Eastern Partnership
	south                     // Southern Neighbourhood
	enlargement               // candidates for EU membership
	member                    // EU member states
)

// nation is a country offices of the network are in.
type nation struct {
	code   string
	region region
	// joined is the year a member state joined the EU; before it, the
	// state was itself a Twinning beneficiary.
	joined int
	// name is the country's name; ruGen its Russian genitive ("Грузии").
	name  tr
	ruGen string
	// capital and other cities, where events happen and regional offices
	// are.
	capital tr
	cities  []tr
	// office is the English name of the ombudsman institution, when it
	// is not "Ombudsman of <country>".
	office string
	people int // index into namePools
}

var nations = []nation{
	{code: "AZ", region: east, name: tr{"Azerbaijan", "Azərbaycan", "Азербайджан"}, ruGen: "Азербайджана", capital: tr{"Baku", "Bakı", "Баку"},
		cities: []tr{{"Ganja", "Gəncə", "Гянджа"}, {"Sheki", "Şəki", "Шеки"}, {"Lankaran", "Lənkəran", "Ленкорань"}, {"Guba", "Quba", "Губа"}},
		office: "Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan", people: poolAZ},
	{code: "AM", region: east, name: tr{"Armenia", "Ermənistan", "Армения"}, ruGen: "Армении", capital: tr{"Yerevan", "İrəvan", "Ереван"},
		cities: []tr{{"Gyumri", "Gümrü", "Гюмри"}, {"Vanadzor", "Vanadzor", "Ванадзор"}}, office: "Human Rights Defender of the Republic of Armenia", people: poolAM},
	{code: "GE", region: east, name: tr{"Georgia", "Gürcüstan", "Грузия"}, ruGen: "Грузии", capital: tr{"Tbilisi", "Tbilisi", "Тбилиси"},
		cities: []tr{{"Kutaisi", "Kutaisi", "Кутаиси"}, {"Batumi", "Batumi", "Батуми"}}, office: "Public Defender (Ombudsman) of Georgia", people: poolGE},
	{code: "MD", region: east, name: tr{"Moldova", "Moldova", "Молдова"}, ruGen: "Молдовы", capital: tr{"Chisinau", "Kişinyov", "Кишинёв"},
		cities: []tr{{"Balti", "Beltsı", "Бельцы"}, {"Cahul", "Kahul", "Кагул"}}, office: "People's Advocate (Ombudsman) of the Republic of Moldova", people: poolRO},
	{code: "UA", region: east, name: tr{"Ukraine", "Ukrayna", "Украина"}, ruGen: "Украины", capital: tr{"Kyiv", "Kiyev", "Киев"},
		cities: []tr{{"Kharkiv", "Xarkov", "Харьков"}, {"Lviv", "Lvov", "Львов"}, {"Odesa", "Odessa", "Одесса"}}, office: "Ukrainian Parliament Commissioner for Human Rights", people: poolUA},
	{code: "AL", region: enlargement, name: tr{"Albania", "Albaniya", "Албания"}, ruGen: "Албании", capital: tr{"Tirana", "Tirana", "Тирана"}, office: "People's Advocate of Albania", people: poolBalkan},
	{code: "BA", region: enlargement, name: tr{"Bosnia and Herzegovina", "Bosniya və Herseqovina", "Босния и Герцеговина"}, ruGen: "Боснии и Герцеговины", capital: tr{"Sarajevo", "Sarayevo", "Сараево"},
		office: "Institution of Human Rights Ombudsman of Bosnia and Herzegovina", people: poolBalkan},
	{code: "ME", region: enlargement, name: tr{"Montenegro", "Monteneqro", "Черногория"}, ruGen: "Черногории", capital: tr{"Podgorica", "Podqoritsa", "Подгорица"},
		office: "Protector of Human Rights and Freedoms of Montenegro", people: poolBalkan},
	{code: "MK", region: enlargement, name: tr{"North Macedonia", "Şimali Makedoniya", "Северная Македония"}, ruGen: "Северной Македонии", capital: tr{"Skopje", "Skopye", "Скопье"},
		office: "Ombudsman of the Republic of North Macedonia", people: poolBalkan},
	{code: "RS", region: enlargement, name: tr{"Serbia", "Serbiya", "Сербия"}, ruGen: "Сербии", capital: tr{"Belgrade", "Belqrad", "Белград"},
		cities: []tr{{"Novi Sad", "Novi Sad", "Нови-Сад"}, {"Nis", "Niş", "Ниш"}}, office: "Protector of Citizens of the Republic of Serbia", people: poolBalkan},
	{code: "XK", region: enlargement, name: tr{"Kosovo", "Kosovo", "Косово"}, ruGen: "Косово", capital: tr{"Pristina", "Priştina", "Приштина"}, office: "Ombudsperson Institution of Kosovo", people: poolBalkan},
	{code: "TR", region: enlargement, name: tr{"Türkiye", "Türkiyə", "Турция"}, ruGen: "Турции", capital: tr{"Ankara", "Ankara", "Анкара"},
		cities: []tr{{"Istanbul", "İstanbul", "Стамбул"}, {"Izmir", "İzmir", "Измир"}}, office: "Ombudsman Institution of Türkiye", people: poolTR},
	{code: "TN", region: south, name: tr{"Tunisia", "Tunis", "Тунис"}, ruGen: "Туниса", capital: tr{"Tunis", "Tunis", "Тунис"}, office: "Administrative Mediator of Tunisia", people: poolArab},
	{code: "MA", region: south, name: tr{"Morocco", "Mərakeş", "Марокко"}, ruGen: "Марокко", capital: tr{"Rabat", "Rabat", "Рабат"}, office: "Mediator of the Kingdom of Morocco", people: poolArab},
	{code: "JO", region: south, name: tr{"Jordan", "İordaniya", "Иордания"}, ruGen: "Иордании", capital: tr{"Amman", "Amman", "Амман"}, people: poolArab},
	{code: "LB", region: south, name: tr{"Lebanon", "Livan", "Ливан"}, ruGen: "Ливана", capital: tr{"Beirut", "Beyrut", "Бейрут"}, people: poolArab},
	{code: "EG", region: south, name: tr{"Egypt", "Misir", "Египет"}, ruGen: "Египта", capital: tr{"Cairo", "Qahirə", "Каир"}, people: poolArab},
	{code: "DZ", region: south, name: tr{"Algeria", "Əlcəzair", "Алжир"}, ruGen: "Алжира", capital: tr{"Algiers", "Əlcəzair", "Алжир"}, people: poolArab},

	{code: "AT", region: member, joined: 1995, name: tr{"Austria", "Avstriya", "Австрия"}, ruGen: "Австрии", capital: tr{"Vienna", "Vyana", "Вена"}, office: "Austrian Ombudsman Board", people: poolDE},
	{code: "BE", region: member, joined: 1958, name: tr{"Belgium", "Belçika", "Бельгия"}, ruGen: "Бельгии", capital: tr{"Brussels", "Brüssel", "Брюссель"}, office: "Federal Ombudsman of Belgium", people: poolNL},
	{code: "BG", region: member, joined: 2007, name: tr{"Bulgaria", "Bolqarıstan", "Болгария"}, ruGen: "Болгарии", capital: tr{"Sofia", "Sofiya", "София"}, people: poolBalkan},
	{code: "HR", region: member, joined: 2013, name: tr{"Croatia", "Xorvatiya", "Хорватия"}, ruGen: "Хорватии", capital: tr{"Zagreb", "Zaqreb", "Загреб"}, office: "Ombudswoman of the Republic of Croatia", people: poolBalkan},
	{code: "CY", region: member, joined: 2004, name: tr{"Cyprus", "Kipr", "Кипр"}, ruGen: "Кипра", capital: tr{"Nicosia", "Nikosiya", "Никосия"},
		office: "Commissioner for Administration and the Protection of Human Rights of Cyprus", people: poolSouth},
	{code: "CZ", region: member, joined: 2004, name: tr{"Czechia", "Çexiya", "Чехия"}, ruGen: "Чехии", capital: tr{"Prague", "Praqa", "Прага"}, office: "Public Defender of Rights of the Czech Republic", people: poolCentral},
	{code: "DK", region: member, joined: 1973, name: tr{"Denmark", "Danimarka", "Дания"}, ruGen: "Дании", capital: tr{"Copenhagen", "Kopenhagen", "Копенгаген"}, office: "Danish Parliamentary Ombudsman", people: poolNordic},
	{code: "EE", region: member, joined: 2004, name: tr{"Estonia", "Estoniya", "Эстония"}, ruGen: "Эстонии", capital: tr{"Tallinn", "Tallin", "Таллин"}, office: "Chancellor of Justice of Estonia", people: poolBaltic},
	{code: "FI", region: member, joined: 1995, name: tr{"Finland", "Finlandiya", "Финляндия"}, ruGen: "Финляндии", capital: tr{"Helsinki", "Helsinki", "Хельсинки"}, office: "Parliamentary Ombudsman of Finland", people: poolNordic},
	{code: "FR", region: member, joined: 1958, name: tr{"France", "Fransa", "Франция"}, ruGen: "Франции", capital: tr{"Paris", "Paris", "Париж"},
		cities: []tr{{"Lyon", "Lion", "Лион"}, {"Marseille", "Marsel", "Марсель"}}, office: "Defender of Rights", people: poolFR},
	{code: "DE", region: member, joined: 1958, name: tr{"Germany", "Almaniya", "Германия"}, ruGen: "Германии", capital: tr{"Berlin", "Berlin", "Берлин"}, office: "Petitions Committee of the German Bundestag", people: poolDE},
	{code: "GR", region: member, joined: 1981, name: tr{"Greece", "Yunanıstan", "Греция"}, ruGen: "Греции", capital: tr{"Athens", "Afina", "Афины"},
		cities: []tr{{"Thessaloniki", "Saloniki", "Салоники"}}, office: "Greek Ombudsman", people: poolSouth},
	{code: "HU", region: member, joined: 2004, name: tr{"Hungary", "Macarıstan", "Венгрия"}, ruGen: "Венгрии", capital: tr{"Budapest", "Budapeşt", "Будапешт"}, office: "Commissioner for Fundamental Rights of Hungary", people: poolCentral},
	{code: "IE", region: member, joined: 1973, name: tr{"Ireland", "İrlandiya", "Ирландия"}, ruGen: "Ирландии", capital: tr{"Dublin", "Dublin", "Дублин"}, office: "Office of the Ombudsman of Ireland", people: poolEN},
	{code: "IT", region: member, joined: 1958, name: tr{"Italy", "İtaliya", "Италия"}, ruGen: "Италии", capital: tr{"Rome", "Roma", "Рим"},
		cities: []tr{{"Milan", "Milan", "Милан"}}, office: "National Guarantor for the Rights of Persons Deprived of Liberty", people: poolSouth},
	{code: "LV", region: member, joined: 2004, name: tr{"Latvia", "Latviya", "Латвия"}, ruGen: "Латвии", capital: tr{"Riga", "Riqa", "Рига"}, office: "Ombudsman of the Republic of Latvia", people: poolBaltic},
	{code: "LT", region: member, joined: 2004, name: tr{"Lithuania", "Litva", "Литва"}, ruGen: "Литвы", capital: tr{"Vilnius", "Vilnüs", "Вильнюс"},
		cities: []tr{{"Kaunas", "Kaunas", "Каунас"}}, office: "Seimas Ombudsmen's Office of the Republic of Lithuania", people: poolBaltic},
	{code: "LU", region: member, joined: 1958, name: tr{"Luxembourg", "Lüksemburq", "Люксембург"}, ruGen: "Люксембурга", capital: tr{"Luxembourg", "Lüksemburq", "Люксембург"}, people: poolFR},
	{code: "MT", region: member, joined: 2004, name: tr{"Malta", "Malta", "Мальта"}, ruGen: "Мальты", capital: tr{"Valletta", "Valletta", "Валлетта"}, office: "Office of the Ombudsman of Malta", people: poolSouth},
	{code: "NL", region: member, joined: 1958, name: tr{"Netherlands", "Niderland", "Нидерланды"}, ruGen: "Нидерландов", capital: tr{"The Hague", "Haaqa", "Гаага"}, office: "National Ombudsman of the Netherlands", people: poolNL},
	{code: "PL", region: member, joined: 2004, name: tr{"Poland", "Polşa", "Польша"}, ruGen: "Польши", capital: tr{"Warsaw", "Varşava", "Варшава"},
		cities: []tr{{"Katowice", "Katovitse", "Катовице"}, {"Gdansk", "Qdansk", "Гданьск"}, {"Wroclaw", "Vrotslav", "Вроцлав"}}, office: "Commissioner for Human Rights of the Republic of Poland", people: poolPL},
	{code: "PT", region: member, joined: 1986, name: tr{"Portugal", "Portuqaliya", "Португалия"}, ruGen: "Португалии", capital: tr{"Lisbon", "Lissabon", "Лиссабон"}, office: "Ombudsman of Portugal (Provedor de Justiça)", people: poolSouth},
	{code: "RO", region: member, joined: 2007, name: tr{"Romania", "Rumıniya", "Румыния"}, ruGen: "Румынии", capital: tr{"Bucharest", "Buxarest", "Бухарест"}, office: "People's Advocate of Romania", people: poolRO},
	{code: "SK", region: member, joined: 2004, name: tr{"Slovakia", "Slovakiya", "Словакия"}, ruGen: "Словакии", capital: tr{"Bratislava", "Bratislava", "Братислава"}, office: "Public Defender of Rights of the Slovak Republic", people: poolCentral},
	{code: "SI", region: member, joined: 2004, name: tr{"Slovenia", "Sloveniya", "Словения"}, ruGen: "Словении", capital: tr{"Ljubljana", "Lyublyana", "Любляна"}, office: "Human Rights Ombudsman of the Republic of Slovenia", people: poolBalkan},
	{code: "ES", region: member, joined: 1986, name: tr{"Spain", "İspaniya", "Испания"}, ruGen: "Испании", capital: tr{"Madrid", "Madrid", "Мадрид"},
		cities: []tr{{"Barcelona", "Barselona", "Барселона"}}, office: "Ombudsman of Spain (Defensor del Pueblo)", people: poolSouth},
	{code: "SE", region: member, joined: 1995, name: tr{"Sweden", "İsveç", "Швеция"}, ruGen: "Швеции", capital: tr{"Stockholm", "Stokholm", "Стокгольм"}, office: "Parliamentary Ombudsmen of Sweden", people: poolNordic},
}

// azGenitive is an Azerbaijani name in the genitive case, by vowel
// harmony: Gürcüstan → Gürcüstanın, Litva → Litvanın, Lüksemburq →
// Lüksemburqun, Türkiyə → Türkiyənin.
func azGenitive(name string) string {
	runes := []rune(name)
	suffix := "ın"
	for i := len(runes) - 1; i >= 0; i-- {
		switch runes[i] {
		case 'a', 'ı':
			suffix = "ın"
		case 'e', 'ə', 'i':
			suffix = "in"
		case 'o', 'u':
			suffix = "un"
		case 'ö', 'ü':
			suffix = "ün"
		default:
			continue
		}
		break
	}
	if strings.ContainsRune("aıeəioöuü", runes[len(runes)-1]) {
		return name + "n" + suffix
	}
	return name + suffix
}

// Name pools: given names by sex and family names (masculine/feminine
// forms where they differ), each with its Russian spelling.
const (
	poolAZ = iota
	poolAM
	poolGE
	poolRO
	poolUA
	poolBalkan
	poolTR
	poolArab
	poolDE
	poolFR
	poolNL
	poolPL
	poolBaltic
	poolNordic
	poolSouth
	poolCentral
	poolEN
)

// name is a name as written in its own language (Latin script) with its
// Russian spelling, and its English spelling where that differs.
type name struct{ own, ru, en string }

type namePool struct {
	men, women []name
	// families holds family names; feminine forms follow a slash
	// ("Aliyev/Aliyeva", "Алиев/Алиева").
	families []name
}

func n(own, ru string) name      { return name{own, ru, ""} }
func ne(own, en, ru string) name { return name{own, ru, en} }

var namePools = []namePool{
	poolAZ: {
		men:      []name{ne("Elçin", "Elchin", "Эльчин"), ne("Rəşad", "Rashad", "Рашад"), ne("Fərid", "Farid", "Фарид"), n("Kamran", "Камран"), n("Tural", "Турал"), ne("Orxan", "Orkhan", "Орхан"), n("Elnur", "Эльнур"), ne("Səməd", "Samad", "Самед")},
		women:    []name{n("Leyla", "Лейла"), n("Aysel", "Айсель"), ne("Günel", "Gunel", "Гюнель"), ne("Nigar", "Nigar", "Нигяр"), ne("Sevinc", "Sevinj", "Севиндж"), n("Aynur", "Айнур"), ne("Səbinə", "Sabina", "Сабина")},
		families: []name{ne("Əliyev/Əliyeva", "Aliyev/Aliyeva", "Алиев/Алиева"), ne("Məmmədov/Məmmədova", "Mammadov/Mammadova", "Мамедов/Мамедова"), ne("Hüseynov/Hüseynova", "Huseynov/Huseynova", "Гусейнов/Гусейнова"), ne("Həsənov/Həsənova", "Hasanov/Hasanova", "Гасанов/Гасанова"), ne("Quliyev/Quliyeva", "Guliyev/Guliyeva", "Гулиев/Гулиева"), ne("İsmayılov/İsmayılova", "Ismayilov/Ismayilova", "Исмаилов/Исмаилова"), n("Abbasov/Abbasova", "Аббасов/Аббасова"), n("Rzayev/Rzayeva", "Рзаев/Рзаева")},
	},
	poolAM: {
		men:      []name{n("Armen", "Армен"), n("Davit", "Давид"), n("Tigran", "Тигран"), n("Aram", "Арам"), n("Vahe", "Ваэ")},
		women:    []name{n("Anna", "Анна"), n("Lilit", "Лилит"), n("Narine", "Нарине"), n("Gayane", "Гаяне")},
		families: []name{n("Grigoryan", "Григорян"), n("Harutyunyan", "Арутюнян"), n("Sargsyan", "Саргсян"), n("Petrosyan", "Петросян"), n("Hovhannisyan", "Оганесян")},
	},
	poolGE: {
		men:      []name{n("Giorgi", "Георгий"), n("Levan", "Леван"), n("Davit", "Давид"), n("Nikoloz", "Николоз"), n("Irakli", "Ираклий")},
		women:    []name{n("Nino", "Нино"), n("Tamar", "Тамар"), n("Ketevan", "Кетеван"), n("Mariam", "Мариам")},
		families: []name{n("Beridze", "Беридзе"), n("Kapanadze", "Капанадзе"), n("Gelashvili", "Гелашвили"), n("Lomidze", "Ломидзе"), n("Tsiklauri", "Циклаури"), n("Maisuradze", "Майсурадзе")},
	},
	poolRO: {
		men:      []name{n("Ion", "Ион"), n("Vasile", "Василе"), n("Andrei", "Андрей"), n("Mihai", "Михай")},
		women:    []name{n("Maria", "Мария"), n("Elena", "Елена"), n("Ana", "Ана"), n("Ioana", "Иоана")},
		families: []name{n("Popescu", "Попеску"), n("Rusu", "Русу"), n("Ciobanu", "Чобану"), n("Munteanu", "Мунтяну"), n("Lupu", "Лупу"), n("Cojocaru", "Кожокару")},
	},
	poolUA: {
		men:      []name{n("Oleksandr", "Александр"), n("Andriy", "Андрей"), n("Serhiy", "Сергей"), n("Mykola", "Николай")},
		women:    []name{n("Olena", "Елена"), n("Iryna", "Ирина"), n("Nataliya", "Наталья"), n("Oksana", "Оксана")},
		families: []name{n("Kovalenko", "Коваленко"), n("Shevchenko", "Шевченко"), n("Bondarenko", "Бондаренко"), n("Melnyk", "Мельник"), n("Tkachenko", "Ткаченко"), n("Lysenko", "Лысенко")},
	},
	poolBalkan: {
		men:      []name{n("Marko", "Марко"), n("Nikola", "Никола"), n("Dragan", "Драган"), n("Ivan", "Иван"), n("Arben", "Арбен")},
		women:    []name{n("Ana", "Ана"), n("Jelena", "Елена"), n("Milica", "Милица"), n("Vesna", "Весна"), n("Besa", "Беса")},
		families: []name{n("Petrović", "Петрович"), n("Jovanović", "Йованович"), n("Horvat", "Хорват"), n("Novak", "Новак"), n("Hoxha", "Ходжа"), n("Krasniqi", "Красничи"), n("Dimitrov/Dimitrova", "Димитров/Димитрова")},
	},
	poolTR: {
		men:      []name{n("Mehmet", "Мехмет"), n("Ahmet", "Ахмет"), n("Emre", "Эмре"), n("Murat", "Мурат")},
		women:    []name{n("Ayşe", "Айше"), n("Elif", "Элиф"), n("Zeynep", "Зейнеп"), n("Fatma", "Фатма")},
		families: []name{n("Yılmaz", "Йылмаз"), n("Kaya", "Кая"), n("Demir", "Демир"), n("Şahin", "Шахин"), n("Çelik", "Челик")},
	},
	poolArab: {
		men:      []name{n("Mohamed", "Мохамед"), n("Ahmed", "Ахмед"), n("Karim", "Карим"), n("Youssef", "Юсеф"), n("Omar", "Омар")},
		women:    []name{n("Fatima", "Фатима"), n("Amina", "Амина"), n("Leila", "Лейла"), n("Nadia", "Надия"), n("Salma", "Сальма")},
		families: []name{n("Ben Ali", "Бен Али"), n("Haddad", "Хаддад"), n("El Amrani", "Эль-Амрани"), n("Khoury", "Хури"), n("Mansour", "Мансур"), n("Nasser", "Насер")},
	},
	poolDE: {
		men:      []name{n("Thomas", "Томас"), n("Michael", "Михаэль"), n("Stefan", "Штефан"), n("Andreas", "Андреас")},
		women:    []name{n("Anna", "Анна"), n("Julia", "Юлия"), n("Katharina", "Катарина"), n("Sabine", "Сабина")},
		families: []name{n("Müller", "Мюллер"), n("Schmidt", "Шмидт"), n("Schneider", "Шнайдер"), n("Fischer", "Фишер"), n("Weber", "Вебер"), n("Wagner", "Вагнер")},
	},
	poolFR: {
		men:      []name{n("Pierre", "Пьер"), n("Jean", "Жан"), n("Nicolas", "Николя"), n("Philippe", "Филипп")},
		women:    []name{n("Marie", "Мари"), n("Sophie", "Софи"), n("Claire", "Клэр"), n("Isabelle", "Изабель")},
		families: []name{n("Martin", "Мартен"), n("Dubois", "Дюбуа"), n("Lefebvre", "Лефевр"), n("Moreau", "Моро"), n("Fontaine", "Фонтен"), n("Laurent", "Лоран")},
	},
	poolNL: {
		men:      []name{n("Jan", "Ян"), n("Pieter", "Питер"), n("Joost", "Йост"), n("Bas", "Бас")},
		women:    []name{n("Anke", "Анке"), n("Sanne", "Санне"), n("Adriana", "Адриана"), n("Els", "Элс")},
		families: []name{n("de Jong", "де Йонг"), n("Jansen", "Янсен"), n("Visser", "Виссер"), n("Bakker", "Баккер"), n("Stehouwer", "Стехауэр"), n("van Dijk", "ван Дейк")},
	},
	poolPL: {
		men:      []name{n("Tomasz", "Томаш"), n("Piotr", "Пётр"), n("Marcin", "Марцин"), n("Krzysztof", "Кшиштоф")},
		women:    []name{n("Aleksandra", "Александра"), n("Katarzyna", "Катажина"), n("Agnieszka", "Агнешка"), n("Magdalena", "Магдалена")},
		families: []name{n("Kowalski/Kowalska", "Ковальский/Ковальская"), n("Nowak", "Новак"), n("Wiśniewski/Wiśniewska", "Вишневский/Вишневская"), n("Wentkowski/Wentkowska", "Вентковский/Вентковская"), n("Zieliński/Zielińska", "Зелинский/Зелинская")},
	},
	poolBaltic: {
		men:      []name{n("Martynas", "Мартинас"), n("Jonas", "Йонас"), n("Andris", "Андрис"), n("Tõnu", "Тыну")},
		women:    []name{n("Rasa", "Раса"), n("Ieva", "Иева"), n("Līga", "Лига"), n("Kadri", "Кадри")},
		families: []name{n("Kazlauskas/Kazlauskienė", "Казлаускас/Казлаускене"), n("Petrauskas/Petrauskienė", "Петраускас/Петраускене"), n("Normantas/Normantienė", "Нормантас/Нормантене"), n("Bērziņš/Bērziņa", "Берзиньш/Берзиня"), n("Tamm", "Тамм")},
	},
	poolNordic: {
		men:      []name{n("Lars", "Ларс"), n("Mikael", "Микаэль"), n("Jukka", "Юкка"), n("Erik", "Эрик")},
		women:    []name{n("Ingrid", "Ингрид"), n("Anna", "Анна"), n("Sofia", "София"), n("Kirsi", "Кирси")},
		families: []name{n("Nielsen", "Нильсен"), n("Svensson", "Свенссон"), n("Virtanen", "Виртанен"), n("Johansson", "Йоханссон"), n("Korhonen", "Корхонен"), n("Hansen", "Хансен")},
	},
	poolSouth: {
		men:      []name{n("Marco", "Марко"), n("Giovanni", "Джованни"), n("Javier", "Хавьер"), n("João", "Жуан"), n("Nikos", "Никос")},
		women:    []name{n("Maria", "Мария"), n("Giulia", "Джулия"), n("Carmen", "Кармен"), n("Ana", "Ана"), n("Eleni", "Элени")},
		families: []name{n("Rossi", "Росси"), n("García", "Гарсия"), n("Silva", "Силва"), n("Papadopoulos", "Пападопулос"), n("Fernández", "Фернандес"), n("Ferreira", "Феррейра")},
	},
	poolCentral: {
		men:      []name{n("Jan", "Ян"), n("Petr", "Петр"), n("László", "Ласло"), n("Tomáš", "Томаш")},
		women:    []name{n("Eva", "Ева"), n("Jana", "Яна"), n("Zsófia", "Жофия"), n("Lucie", "Луция")},
		families: []name{n("Novák/Nováková", "Новак/Новакова"), n("Horváth", "Хорват"), n("Svoboda/Svobodová", "Свобода/Свободова"), n("Kovács", "Ковач"), n("Dvořák/Dvořáková", "Дворжак/Дворжакова")},
	},
	poolEN: {
		men:      []name{n("John", "Джон"), n("David", "Дэвид"), n("Michael", "Майкл"), n("Patrick", "Патрик")},
		women:    []name{n("Sarah", "Сара"), n("Emma", "Эмма"), n("Mary", "Мэри"), n("Catherine", "Кэтрин")},
		families: []name{n("Murphy", "Мёрфи"), n("Kelly", "Келли"), n("O'Brien", "О'Брайен"), n("Walsh", "Уолш"), n("Smith", "Смит")},
	},
}

// gendered picks the masculine or feminine form of "m/f".
func gendered(s string, woman bool) string {
	m, f, ok := strings.Cut(s, "/")
	if !ok {
		return s
	}
	if woman {
		return f
	}
	return m
}

// Titles people hold, by the kind of institution, from junior to senior.
var (
	officeTitles = []tr{
		{"Staff member", "Əməkdaş", "Сотрудник"},
		{"Legal Adviser", "Hüquq məsləhətçisi", "Юрисконсульт"},
		{"Senior Adviser", "Baş məsləhətçi", "Главный советник"},
		{"Head of the Complaints Department", "Şikayətlər şöbəsinin müdiri", "Начальник отдела по работе с жалобами"},
		{"Head of the International Relations Department", "Beynəlxalq əlaqələr şöbəsinin müdiri", "Начальник отдела международных связей"},
		{"Head of the National Preventive Mechanism Department", "Milli preventiv mexanizm şöbəsinin müdiri", "Начальник отдела национального превентивного механизма"},
		{"Chief of Staff", "Aparatın rəhbəri", "Руководитель аппарата"},
		{"Deputy Ombudsman", "Ombudsmanın müavini", "Заместитель омбудсмена"},
		{"Ombudsman", "Ombudsman", "Омбудсмен"},
	}
	regionalTitles = []tr{
		{"Staff member", "Əməkdaş", "Сотрудник"},
		{"Legal Adviser", "Hüquq məsləhətçisi", "Юрисконсульт"},
		{"Regional Representative", "Regional nümayəndə", "Региональный представитель"},
		{"Head of the Regional Office", "Regional ofisin rəhbəri", "Руководитель регионального представительства"},
	}
	nhriTitles = []tr{
		{"Legal Officer", "Hüquqşünas", "Юрист"},
		{"Senior Legal Officer", "Baş hüquqşünas", "Старший юрист"},
		{"Head of Unit", "Bölmə rəhbəri", "Руководитель отдела"},
		{"Commissioner", "Komissar", "Комиссар"},
		{"Chairperson", "Sədr", "Председатель"},
	}
	governmentTitles = []tr{
		{"Adviser", "Məsləhətçi", "Советник"},
		{"Head of Division", "Sektor müdiri", "Заведующий сектором"},
		{"Head of Department", "Şöbə müdiri", "Начальник отдела"},
		{"Director of the Human Rights Department", "İnsan hüquqları departamentinin direktoru", "Директор департамента по правам человека"},
		{"Deputy Minister", "Nazir müavini", "Заместитель министра"},
	}
	euTitles = []tr{
		{"Policy Officer", "Siyasi məsələlər üzrə əməkdaş", "Сотрудник по вопросам политики"},
		{"Programme Manager", "Proqram meneceri", "Руководитель программ"},
		{"Task Manager for Twinning", "Tvinninq üzrə layihə meneceri", "Менеджер проектов твиннинга"},
		{"Head of Cooperation", "Əməkdaşlıq bölməsinin rəhbəri", "Руководитель отдела сотрудничества"},
		{"Head of Unit", "Bölmə rəhbəri", "Руководитель отдела"},
	}
	internationalTitles = []tr{
		{"Programme Officer", "Proqram üzrə mütəxəssis", "Сотрудник по программам"},
		{"Human Rights Officer", "İnsan hüquqları üzrə mütəxəssis", "Сотрудник по правам человека"},
		{"Project Manager", "Layihə meneceri", "Руководитель проекта"},
		{"Head of Office", "Ofisin rəhbəri", "Глава офиса"},
	}
	ngoTitles = []tr{
		{"Researcher", "Tədqiqatçı", "Исследователь"},
		{"Expert", "Ekspert", "Эксперт"},
		{"Programme Director", "Proqram direktoru", "Директор программ"},
		{"Secretary General", "Baş katib", "Генеральный секретарь"},
	}
	academicTitles = []tr{
		{"Researcher", "Tədqiqatçı", "Исследователь"},
		{"Lecturer", "Müəllim", "Преподаватель"},
		{"Associate Professor", "Dosent", "Доцент"},
		{"Professor", "Professor", "Профессор"},
	}
	// twinningTitles are the parts people play in a Twinning project,
	// which events name them by.
	twinningTitles = []tr{
		{"Resident Twinning Adviser", "Rezident Tvinninq Məsləhətçisi", "Постоянный советник по твиннингу"},
		{"Project Leader", "Layihə rəhbəri", "Руководитель проекта"},
		{"Component Leader", "Komponent rəhbəri", "Руководитель компонента"},
		{"Short-term Expert", "Qısamüddətli ekspert", "Краткосрочный эксперт"},
	}
)

// topics are what events, components and publications are about.
var topicTexts = []tr{
	{"Strengthening the national preventive mechanism", "Milli preventiv mexanizmin gücləndirilməsi", "Укрепление национального превентивного механизма"},
	{"Handling of individual complaints", "Fərdi şikayətlərə baxılması", "Рассмотрение индивидуальных жалоб"},
	{"The capacities of regional offices", "Regional ofislərin potensialı", "Потенциал региональных офисов"},
	{"The rights of the child", "Uşaq hüquqları", "Права ребёнка"},
	{"Equality and non-discrimination", "Bərabərlik və ayrı-seçkiliyə yol verilməməsi", "Равенство и недискриминация"},
	{"Access to public information", "İctimai məlumat əldə etmək hüququ", "Доступ к публичной информации"},
	{"The rights of persons with disabilities", "Əlilliyi olan şəxslərin hüquqları", "Права лиц с инвалидностью"},
	{"Monitoring of places of detention", "Saxlama yerlərinin monitorinqi", "Мониторинг мест лишения свободы"},
	{"The rights of migrants and refugees", "Miqrantların və qaçqınların hüquqları", "Права мигрантов и беженцев"},
	{"Human rights education", "İnsan hüquqları üzrə maarifləndirmə", "Просвещение в области прав человека"},
	{"Gender equality", "Gender bərabərliyi", "Гендерное равенство"},
	{"Protection of personal data", "Şəxsi məlumatların müdafiəsi", "Защита персональных данных"},
	{"Prevention of torture", "İşgəncələrin qarşısının alınması", "Предупреждение пыток"},
	{"Compliance with the Paris Principles", "Paris Prinsiplərinə uyğunluq", "Соответствие Парижским принципам"},
	{"Labour rights", "Əmək hüquqları", "Трудовые права"},
	{"Good administration", "Yaxşı idarəetmə", "Надлежащее управление"},
	{"The rights of older persons", "Yaşlı şəxslərin hüquqları", "Права пожилых людей"},
	{"Freedom of expression", "İfadə azadlığı", "Свобода выражения мнений"},
}

// projectTitles name projects.
var projectTitles = []tr{
	{"Support to the Strengthening of the Capacities of the Ombudsman Institution", "Ombudsman təsisatının potensialının gücləndirilməsinə dəstək", "Поддержка укрепления потенциала института омбудсмена"},
	{"Strengthening the National Preventive Mechanism against Torture", "İşgəncələrə qarşı milli preventiv mexanizmin gücləndirilməsi", "Укрепление национального превентивного механизма против пыток"},
	{"Support to the Protection of the Rights of the Child", "Uşaq hüquqlarının müdafiəsinə dəstək", "Поддержка защиты прав ребёнка"},
	{"Enhancing Equality and Combating Discrimination", "Bərabərliyin təşviqi və ayrı-seçkiliyə qarşı mübarizə", "Содействие равенству и борьба с дискриминацией"},
	{"Improving the Handling of Complaints", "Şikayətlərə baxılmasının təkmilləşdirilməsi", "Совершенствование рассмотрения жалоб"},
	{"Support to the Development of Awareness on Human Rights", "İnsan hüquqları barədə məlumatlılığın inkişafına dəstək", "Поддержка повышения осведомлённости о правах человека"},
	{"Strengthening the Protection of Personal Data", "Şəxsi məlumatların müdafiəsinin gücləndirilməsi", "Укрепление защиты персональных данных"},
	{"Support to the Reform of the Penitentiary System", "Penitensiar sistemin islahatına dəstək", "Поддержка реформы пенитенциарной системы"},
	{"Strengthening Access to Justice", "Ədalət mühakiməsinə çıxışın gücləndirilməsi", "Расширение доступа к правосудию"},
	{"Support to the Rights of Persons with Disabilities", "Əlilliyi olan şəxslərin hüquqlarına dəstək", "Поддержка прав лиц с инвалидностью"},
	{"Strengthening the Regional Offices of the Ombudsman", "Ombudsmanın regional ofislərinin gücləndirilməsi", "Укрепление региональных офисов омбудсмена"},
	{"Support to the Implementation of the Paris Principles", "Paris Prinsiplərinin həyata keçirilməsinə dəstək", "Поддержка реализации Парижских принципов"},
}

var (
	results = []tr{
		{"Legal framework aligned with European standards", "Hüquqi baza Avropa standartlarına uyğunlaşdırılıb", "Правовая база приведена в соответствие с европейскими стандартами"},
		{"Capacity of the staff strengthened", "Əməkdaşların potensialı gücləndirilib", "Потенциал сотрудников укреплён"},
		{"Procedures and methodology improved", "Prosedurlar və metodologiya təkmilləşdirilib", "Процедуры и методология усовершенствованы"},
		{"Public awareness raised", "İctimai məlumatlılıq artırılıb", "Повышена осведомлённость общества"},
		{"Cooperation with civil society enhanced", "Vətəndaş cəmiyyəti ilə əməkdaşlıq gücləndirilib", "Укреплено сотрудничество с гражданским обществом"},
	}
	activities = []tr{
		{"Assessment of the current situation", "Mövcud vəziyyətin qiymətləndirilməsi", "Оценка текущего положения"},
		{"Training of trainers", "Təlimçilərin təlimi", "Обучение тренеров"},
		{"Study visit to a member state", "Üzv dövlətə təcrübə səfəri", "Ознакомительный визит в государство-член"},
		{"Drafting of guidelines", "Təlimatların hazırlanması", "Разработка методических указаний"},
		{"Awareness-raising campaign", "Maarifləndirmə kampaniyası", "Информационная кампания"},
		{"Final conference", "Yekun konfrans", "Заключительная конференция"},
	}
	projectSummaries = []tr{
		{"The project supports the beneficiary in bringing its practice in line with European standards, with experts of the member-state partners.",
			"Layihə üzv dövlət tərəfdaşlarının ekspertləri ilə benefisiarın təcrübəsinin Avropa standartlarına uyğunlaşdırılmasına dəstək verir.",
			"Проект помогает бенефициару привести свою практику в соответствие с европейскими стандартами при участии экспертов партнёров из государств-членов."},
		{"The project strengthens the institution's capacity to protect human rights, through training, study visits and expert advice.",
			"Layihə təlimlər, təcrübə səfərləri və ekspert məsləhətləri vasitəsilə təsisatın insan hüquqlarını müdafiə etmək potensialını gücləndirir.",
			"Проект укрепляет потенциал учреждения в области защиты прав человека посредством тренингов, ознакомительных визитов и экспертных консультаций."},
	}
)

// eventKinds are the kinds of events, with how a title names them.
var eventKinds = []struct {
	kind  registry.EventKind
	label tr
}{
	{registry.Seminar, tr{"Seminar", "Seminar", "Семинар"}},
	{registry.Workshop, tr{"Workshop", "Vorkşop", "Рабочий семинар"}},
	{registry.StudyVisit, tr{"Study visit", "Təcrübə səfəri", "Ознакомительный визит"}},
	{registry.ExpertMission, tr{"Expert mission", "Ekspert missiyası", "Экспертная миссия"}},
	{registry.Conference, tr{"Conference", "Konfrans", "Конференция"}},
	{registry.Training, tr{"Training", "Təlim", "Тренинг"}},
	{registry.SteeringCommittee, tr{"Steering Committee meeting", "Rəhbər Komitənin iclası", "Заседание Руководящего комитета"}},
	{registry.Meeting, tr{"Meeting", "Görüş", "Встреча"}},
	{registry.RoundTable, tr{"Round table", "Dəyirmi masa", "Круглый стол"}},
	{registry.OtherEvent, tr{"Presentation of the annual report", "İllik məruzənin təqdimatı", "Презентация ежегодного доклада"}},
}

var eventSummaries = []tr{
	{"The participants discussed international standards and the practice of the partner institutions.",
		"İştirakçılar beynəlxalq standartları və tərəfdaş institutların təcrübəsini müzakirə etdilər.",
		"Участники обсудили международные стандарты и практику партнёрских учреждений."},
	{"Experts presented the findings of their assessment and recommendations for the next steps.",
		"Ekspertlər qiymətləndirmənin nəticələrini və növbəti addımlar üzrə tövsiyələri təqdim etdilər.",
		"Эксперты представили выводы оценки и рекомендации о дальнейших шагах."},
	{"Staff members of the office visited partner institutions to learn from their experience.",
		"Aparatın əməkdaşları tərəfdaş institutların təcrübəsi ilə tanış olmaq üçün onlara səfər etdilər.",
		"Сотрудники аппарата посетили партнёрские учреждения, чтобы изучить их опыт."},
	{"The Steering Committee reviewed the progress of the project and approved the work plan for the next quarter.",
		"Rəhbər Komitə layihənin gedişatını nəzərdən keçirdi və növbəti rüb üçün iş planını təsdiq etdi.",
		"Руководящий комитет рассмотрел ход реализации проекта и утвердил план работы на следующий квартал."},
	{"Lawyers and staff of the regional offices took part in the training.",
		"Təlimdə hüquqşünaslar və regional ofislərin əməkdaşları iştirak etdilər.",
		"В тренинге приняли участие юристы и сотрудники региональных офисов."},
	{"The conference adopted a joint declaration.",
		"Konfransda birgə bəyannamə qəbul edildi.",
		"Конференция приняла совместную декларацию."},
}

// programmeDefs frame projects; owner is the index of the owning
// international institution.
var programmeDefs = []struct {
	slug, acronym string
	name          tr
	start, end    int
	owner         int
}{
	{"enp", "ENP", tr{"European Neighbourhood Policy", "Avropa Qonşuluq Siyasəti", "Европейская политика соседства"}, 2004, 0, intlEU},
	{"eap", "EaP", tr{"Eastern Partnership", "Şərq Tərəfdaşlığı", "Восточное партнёрство"}, 2009, 0, intlEU},
	{"pca", "PCA", tr{"Partnership and Cooperation Agreement", "Tərəfdaşlıq və Əməkdaşlıq Sazişi", "Соглашение о партнёрстве и сотрудничестве"}, 1999, 0, intlEU},
	{"ipa", "IPA", tr{"Instrument for Pre-accession Assistance", "Qoşulmaöncəsi Yardım Aləti", "Инструмент предвступительной помощи"}, 2007, 0, intlEU},
	{"eni", "ENI", tr{"European Neighbourhood Instrument", "Avropa Qonşuluq Aləti", "Европейский инструмент соседства"}, 2014, 2020, intlEU},
	{"ndici", "NDICI", tr{"Neighbourhood, Development and International Cooperation Instrument – Global Europe", "Qonşuluq, İnkişaf və Beynəlxalq Əməkdaşlıq Aləti – Qlobal Avropa", "Инструмент соседства, развития и международного сотрудничества – «Глобальная Европа»"}, 2021, 0, intlEU},
	{"phare", "Phare", tr{"Phare programme", "Phare proqramı", "Программа Phare"}, 1989, 2006, intlEU},
	{"pgg", "PGG", tr{"Partnership for Good Governance", "Yaxşı İdarəçilik üçün Tərəfdaşlıq", "Партнёрство за эффективное управление"}, 2015, 0, intlCoE},
}

const (
	progENP = iota
	progEaP
	progPCA
	progIPA
	progENI
	progNDICI
	progPhare
	progPGG
)

// international institutions, in the order they are given ids: parents
// before their sub-bodies, the most important first, so that a small
// network keeps them.
const (
	intlEU = iota
	intlCoE
	intlCommission
	intlEuropeanOmbudsman
	intlCommissioner
	intlOSCE
	intlODIHR
	intlUNDP
	intlOHCHR
	intlIOI
	intlFRA
	intlCPT
	intlENNHRI
	intlGANHRI
	intlUNICEF
)

var internationals = []struct {
	slug, acronym, country, iati string
	kind                         registry.InstitutionKind
	parent                       int // index + 1; 0 for none
	name                         tr
}{
	intlEU:                {"european-union", "EU", "", "XI-IATI-EC_NEAR", registry.EUInstitution, 0, tr{"European Union", "Avropa İttifaqı", "Европейский союз"}},
	intlCoE:               {"council-of-europe", "CoE", "", "", registry.InternationalOrganisation, 0, tr{"Council of Europe", "Avropa Şurası", "Совет Европы"}},
	intlCommission:        {"european-commission", "", "", "", registry.EUInstitution, intlEU + 1, tr{"European Commission", "Avropa Komissiyası", "Европейская комиссия"}},
	intlEuropeanOmbudsman: {"european-ombudsman", "", "", "", registry.EUInstitution, intlEU + 1, tr{"European Ombudsman", "Avropa Ombudsmanı", "Европейский омбудсмен"}},
	intlCommissioner:      {"coe-commissioner-for-human-rights", "", "", "", registry.InternationalOrganisation, intlCoE + 1, tr{"Council of Europe Commissioner for Human Rights", "Avropa Şurasının İnsan Hüquqları üzrə Komissarı", "Комиссар Совета Европы по правам человека"}},
	intlOSCE:              {"osce", "OSCE", "", "", registry.InternationalOrganisation, 0, tr{"Organization for Security and Co-operation in Europe", "Avropada Təhlükəsizlik və Əməkdaşlıq Təşkilatı", "Организация по безопасности и сотрудничеству в Европе"}},
	intlODIHR:             {"odihr", "ODIHR", "", "", registry.InternationalOrganisation, intlOSCE + 1, tr{"OSCE Office for Democratic Institutions and Human Rights", "ATƏT-in Demokratik Təsisatlar və İnsan Hüquqları Bürosu", "Бюро ОБСЕ по демократическим институтам и правам человека"}},
	intlUNDP:              {"undp", "UNDP", "", "XM-DAC-41114", registry.InternationalOrganisation, 0, tr{"United Nations Development Programme", "BMT-nin İnkişaf Proqramı", "Программа развития ООН"}},
	intlOHCHR:             {"ohchr", "OHCHR", "", "", registry.InternationalOrganisation, 0, tr{"Office of the United Nations High Commissioner for Human Rights", "BMT-nin İnsan Hüquqları üzrə Ali Komissarlığı", "Управление Верховного комиссара ООН по правам человека"}},
	intlIOI:               {"international-ombudsman-institute", "IOI", "AT", "", registry.NGO, 0, tr{"International Ombudsman Institute", "Beynəlxalq Ombudsman İnstitutu", "Международный институт омбудсменов"}},
	intlFRA:               {"fundamental-rights-agency", "FRA", "", "", registry.EUInstitution, intlEU + 1, tr{"European Union Agency for Fundamental Rights", "Avropa İttifaqının Əsas Hüquqlar Agentliyi", "Агентство Европейского союза по основным правам"}},
	intlCPT:               {"cpt", "CPT", "", "", registry.InternationalOrganisation, intlCoE + 1, tr{"European Committee for the Prevention of Torture", "İşgəncələrin Qarşısının Alınması üzrə Avropa Komitəsi", "Европейский комитет по предупреждению пыток"}},
	intlENNHRI:            {"ennhri", "ENNHRI", "BE", "", registry.NGO, 0, tr{"European Network of National Human Rights Institutions", "Milli İnsan Hüquqları Təsisatlarının Avropa Şəbəkəsi", "Европейская сеть национальных правозащитных учреждений"}},
	intlGANHRI:            {"ganhri", "GANHRI", "CH", "", registry.NGO, 0, tr{"Global Alliance of National Human Rights Institutions", "Milli İnsan Hüquqları Təsisatlarının Qlobal Alyansı", "Глобальный альянс национальных правозащитных учреждений"}},
	intlUNICEF:            {"unicef", "UNICEF", "", "XM-DAC-41122", registry.InternationalOrganisation, 0, tr{"United Nations Children's Fund", "BMT-nin Uşaq Fondu", "Детский фонд ООН"}},
}

// partnershipDefs are the cooperation pages, one per partner present.
var partnershipDefs = []struct {
	slug    string
	partner int
	title   tr
	intro   tr
	progs   []int
}{
	{"eu", intlEU, tr{"Cooperation with the European Union", "Avropa İttifaqı ilə əməkdaşlıq", "Сотрудничество с Европейским союзом"},
		tr{"The offices of the network take part in Twinning and TAIEX projects of the European Union.", "Şəbəkənin ofisləri Avropa İttifaqının Tvinninq və TAIEX layihələrində iştirak edir.", "Офисы сети участвуют в проектах Европейского союза Твиннинг и TAIEX."},
		[]int{progEaP, progENP, progPCA, progENI, progNDICI, progIPA, progPhare}},
	{"council-of-europe", intlCoE, tr{"Cooperation with the Council of Europe", "Avropa Şurası ilə əməkdaşlıq", "Сотрудничество с Советом Европы"},
		tr{"Joint programmes of the European Union and the Council of Europe.", "Avropa İttifaqı və Avropa Şurasının birgə proqramları.", "Совместные программы Европейского союза и Совета Европы."}, []int{progPGG}},
	{"osce", intlOSCE, tr{"Cooperation with the OSCE", "ATƏT ilə əməkdaşlıq", "Сотрудничество с ОБСЕ"}, tr{}, nil},
	{"united-nations", intlUNDP, tr{"Cooperation with the United Nations", "Birləşmiş Millətlər Təşkilatı ilə əməkdaşlıq", "Сотрудничество с Организацией Объединённых Наций"}, tr{}, nil},
	{"ioi", intlIOI, tr{"Cooperation with the International Ombudsman Institute", "Beynəlxalq Ombudsman İnstitutu ilə əməkdaşlıq", "Сотрудничество с Международным институтом омбудсменов"}, tr{}, nil},
}

// publication venues and kinds.
var venues = []struct {
	venue     string
	kind      registry.PublicationKind
	publisher int // an international institution, or -1 for the author's office
}{
	{"European Ombudsmen", registry.PubArticle, intlEuropeanOmbudsman},
	{"IOI Occasional Paper series", registry.PubArticle, intlIOI},
	{"ENNHRI Newsletter", registry.PubArticle, intlENNHRI},
	{"Annual report", registry.PubReport, -1},
	{"Special report", registry.PubReport, -1},
	{"Bulletin of the Ombudsman", registry.PubJournalIssue, -1},
	{"Handbook", registry.PubBook, -1},
	{"Leaflet", registry.PubOther, -1},
}
