import type { Channel } from "./state/types.ts";

/** Realistic Indian names, places and merchants for generated seed data. */

export const FIRST_NAMES: readonly (readonly [string, "M" | "F"])[] = [
  ["Aarav", "M"],
  ["Vivaan", "M"],
  ["Aditya", "M"],
  ["Arjun", "M"],
  ["Rohan", "M"],
  ["Karthik", "M"],
  ["Siddharth", "M"],
  ["Rahul", "M"],
  ["Imran", "M"],
  ["Harpreet", "M"],
  ["Suresh", "M"],
  ["Venkat", "M"],
  ["Ananya", "F"],
  ["Diya", "F"],
  ["Priya", "F"],
  ["Kavya", "F"],
  ["Meera", "F"],
  ["Sneha", "F"],
  ["Fatima", "F"],
  ["Lakshmi", "F"],
  ["Pooja", "F"],
  ["Neha", "F"],
  ["Ishita", "F"],
  ["Gurleen", "F"],
];

export const LAST_NAMES = [
  "Sharma",
  "Verma",
  "Patel",
  "Iyer",
  "Reddy",
  "Nair",
  "Gupta",
  "Singh",
  "Khan",
  "Das",
  "Mukherjee",
  "Joshi",
  "Kulkarni",
  "Menon",
  "Chatterjee",
  "Agarwal",
  "Bose",
  "Pillai",
  "Rao",
  "Deshpande",
] as const;

export const PLACES: readonly (readonly [city: string, state: string, pincodePrefix: string])[] = [
  ["Mumbai", "Maharashtra", "400"],
  ["Pune", "Maharashtra", "411"],
  ["Bengaluru", "Karnataka", "560"],
  ["Chennai", "Tamil Nadu", "600"],
  ["Hyderabad", "Telangana", "500"],
  ["New Delhi", "Delhi", "110"],
  ["Kolkata", "West Bengal", "700"],
  ["Ahmedabad", "Gujarat", "380"],
  ["Jaipur", "Rajasthan", "302"],
  ["Kochi", "Kerala", "682"],
  ["Lucknow", "Uttar Pradesh", "226"],
  ["Chandigarh", "Chandigarh", "160"],
];

export const STREETS = [
  "MG Road",
  "Linking Road",
  "Anna Salai",
  "Park Street",
  "FC Road",
  "Brigade Road",
  "Civil Lines",
  "Banjara Hills",
];

export type MerchantCategory =
  | "food"
  | "grocery"
  | "travel"
  | "fuel"
  | "shopping"
  | "health"
  | "entertainment"
  | "telecom"
  | "cash";

export interface MerchantTemplate {
  name: string;
  mcc: string;
  channel: Channel;
  category: MerchantCategory;
  /** Typical spend in whole rupees. */
  min: number;
  max: number;
}

export const MERCHANTS: readonly MerchantTemplate[] = [
  { name: "Swiggy", mcc: "5812", channel: "ECOM", category: "food", min: 150, max: 1200 },
  { name: "Zomato", mcc: "5812", channel: "ECOM", category: "food", min: 150, max: 1500 },
  { name: "Haldiram's", mcc: "5812", channel: "POS", category: "food", min: 80, max: 900 },
  { name: "Cafe Coffee Day", mcc: "5814", channel: "POS", category: "food", min: 120, max: 600 },
  { name: "Tata Starbucks", mcc: "5814", channel: "POS", category: "food", min: 250, max: 900 },
  { name: "Saravana Bhavan", mcc: "5812", channel: "POS", category: "food", min: 100, max: 800 },
  { name: "BigBasket", mcc: "5411", channel: "ECOM", category: "grocery", min: 300, max: 4000 },
  { name: "DMart", mcc: "5411", channel: "POS", category: "grocery", min: 200, max: 5000 },
  { name: "Reliance Fresh", mcc: "5411", channel: "POS", category: "grocery", min: 100, max: 2500 },
  { name: "Blinkit", mcc: "5411", channel: "ECOM", category: "grocery", min: 100, max: 1500 },
  { name: "IRCTC", mcc: "4112", channel: "ECOM", category: "travel", min: 300, max: 6000 },
  { name: "Uber India", mcc: "4121", channel: "ECOM", category: "travel", min: 90, max: 1200 },
  { name: "Ola Cabs", mcc: "4121", channel: "ECOM", category: "travel", min: 80, max: 1100 },
  { name: "MakeMyTrip", mcc: "4722", channel: "ECOM", category: "travel", min: 1500, max: 25000 },
  { name: "IndiGo", mcc: "3301", channel: "ECOM", category: "travel", min: 2500, max: 18000 },
  { name: "Indian Oil", mcc: "5541", channel: "POS", category: "fuel", min: 500, max: 4000 },
  { name: "Bharat Petroleum", mcc: "5541", channel: "POS", category: "fuel", min: 500, max: 4000 },
  { name: "HP Petrol Pump", mcc: "5542", channel: "POS", category: "fuel", min: 500, max: 3500 },
  { name: "Flipkart", mcc: "5399", channel: "ECOM", category: "shopping", min: 300, max: 9000 },
  { name: "Amazon.in", mcc: "5399", channel: "ECOM", category: "shopping", min: 200, max: 12000 },
  { name: "Myntra", mcc: "5651", channel: "ECOM", category: "shopping", min: 500, max: 6000 },
  { name: "Croma", mcc: "5732", channel: "POS", category: "shopping", min: 800, max: 30000 },
  { name: "Tanishq", mcc: "5944", channel: "POS", category: "shopping", min: 5000, max: 60000 },
  { name: "Apollo Pharmacy", mcc: "5912", channel: "POS", category: "health", min: 80, max: 2500 },
  { name: "MedPlus", mcc: "5912", channel: "POS", category: "health", min: 60, max: 2000 },
  { name: "PVR Cinemas", mcc: "7832", channel: "POS", category: "entertainment", min: 250, max: 1500 },
  { name: "BookMyShow", mcc: "7922", channel: "ECOM", category: "entertainment", min: 200, max: 3000 },
  { name: "Airtel Prepaid", mcc: "4814", channel: "ECOM", category: "telecom", min: 199, max: 999 },
  { name: "Jio Recharge", mcc: "4814", channel: "ECOM", category: "telecom", min: 149, max: 899 },
  { name: "SBI ATM", mcc: "6011", channel: "ATM", category: "cash", min: 500, max: 10000 },
  { name: "HDFC Bank ATM", mcc: "6011", channel: "ATM", category: "cash", min: 500, max: 10000 },
];

/** Where each kind of account spends. */
export const CATEGORIES_BY_ACCOUNT_TYPE: Record<string, readonly MerchantCategory[]> = {
  MEAL: ["food", "grocery"],
  FUEL: ["fuel"],
  GIFT: ["shopping", "entertainment", "food", "grocery"],
  CORPORATE: ["travel", "fuel", "food", "telecom", "shopping"],
  RELOADABLE_GPR: ["food", "grocery", "travel", "shopping", "health", "entertainment", "telecom", "cash"],
};
